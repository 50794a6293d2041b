using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Features.Rollouts;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Rollouts;

/// <summary>The Rollouts page: starting each strategy, its evidence while it runs, and the actions on it.</summary>
public sealed class RolloutsPageTests(ApiFixture api) : PageContext(api), IClassFixture<ApiFixture>
{
    /// <summary>As the models page's "Roll out…" link opens it: with the version in the query.</summary>
    private IRenderedComponent<RolloutsPage> NavigateAndRender(string workflow, string challenger)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/workflows/{workflow}/rollouts?challenger={challenger}");
        return Render<RolloutsPage>(p => p.Add(x => x.Key, workflow));
    }

    [Fact]
    public async Task PromotingAsksForAReasonAndTheReplacedChampionIsOneClickAway()
    {
        var workflow = await Api.WorkflowAsync("shadow");
        var client = await Api.ClientForAsync(workflow.Key);
        foreach (var version in new[] { "v1", "v2" })
        {
            await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items:batch", new Contracts.Items.BatchIngestRequest(
                Enumerable.Range(0, 31).Select(i => TestItems.Item($"{version}-{i}") with { Prediction = new Contracts.Items.PredictionInput("travel", 0.9, null, version) }).ToList()));
        }
        while (await Api.Admin.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null) is { StatusCode: System.Net.HttpStatusCode.OK } claimed)
        {
            var task = await claimed.ReadAsync<Contracts.Review.ClaimResponse>();
            await Api.Admin.PostJsonAsync($"/api/v1/tasks/{task.TaskId}/label", new Contracts.Review.LabelRequest("travel", task.LeaseToken));
        }
        (await Api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/rollouts",
            new Contracts.Rollouts.StartRolloutRequest("single", "v1", "The first model."))).EnsureSuccessStatusCode();
        SignIn(ApiSession.AdminUser, Roles.MlLead);
        var page = NavigateAndRender(workflow.Key, "v2");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=start-rollout]")));

        await page.InvokeAsync(() => page.Find("[data-testid=strategy-single]").Change(true));
        page.WaitForAssertion(() => Assert.Equal("Deploy", page.Find("[data-testid=start-rollout-button]").TextContent.Trim()));
        Assert.True(page.Find("[data-testid=start-rollout-button]").HasAttribute("disabled"), "no deployment without a reason");
        await page.InvokeAsync(() => page.Find("#rollout-why").Input("v2 agrees with reviewers more often."));
        await page.InvokeAsync(() => page.Find("[data-testid=start-rollout-button]").Click());

        page.WaitForAssertion(() => Assert.Contains("Roll back to v1", page.Find("[data-testid=rollback]").TextContent));
        page.WaitForAssertion(() => Assert.Contains("v2 agrees with reviewers more often.", page.Find("[data-testid=rollout-history]").TextContent));
        var rollouts = await (await Api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/rollouts")).ReadAsync<List<Contracts.Rollouts.RolloutResponse>>();
        Assert.Equal(("v2", "v1", "v2 agrees with reviewers more often."), (rollouts[0].Challenger, rollouts[0].Champion, rollouts[0].Justification));
    }

    [Fact]
    public async Task AShadowShowsItsPairedEvidenceAndCanBeAbandoned()
    {
        var (workflow, client) = await RolloutScenario.WithChampionAndBuiltInAsync(Api);
        (await Api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts",
            new Contracts.Rollouts.StartRolloutRequest("shadow", "builtin-1", "Compare on live items."))).EnsureSuccessStatusCode();
        await client.PostJsonAsync($"/api/v1/workflows/{workflow}/items:batch", new Contracts.Items.BatchIngestRequest(
            Enumerable.Range(0, 10).Select(i => RolloutScenario.Invoice($"live-{i}", 300 + i * 100)).ToList()));
        await RolloutScenario.LabelAllAsync(Api, workflow);
        SignIn(ApiSession.AdminUser, Roles.MlLead);

        var page = Render<RolloutsPage>(p => p.Add(x => x.Key, workflow));

        page.WaitForAssertion(() => Assert.Contains("Shadow: builtin-1 beside ext", page.Find("[data-testid=shadow-panel]").TextContent));
        Assert.Contains("all", page.Find("[data-testid=shadow-table]").TextContent);
        await page.InvokeAsync(() => page.Find("[data-testid=shadow-panel] input").Input("Not yet."));
        await page.InvokeAsync(() => page.Find("[data-testid=rollout-abandon]").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=shadow-panel]")));
    }

    [Fact]
    public async Task ABlueGreenShowsItsWarmUpAndSwitchesOnClick()
    {
        var (workflow, _) = await RolloutScenario.WithChampionAndBuiltInAsync(Api);
        (await Api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts",
            new Contracts.Rollouts.StartRolloutRequest("blue-green", "builtin-1", "Swap in the built-in model."))).EnsureSuccessStatusCode();
        SignIn(ApiSession.AdminUser, Roles.MlLead);

        var page = Render<RolloutsPage>(p => p.Add(x => x.Key, workflow));

        page.WaitForAssertion(() => Assert.Contains("100.0 % of 31", page.Find("[data-testid=blue-green-panel]").TextContent));
        await page.InvokeAsync(() => page.Find("[data-testid=blue-green-panel] input").Input("Clean warm-up."));
        await page.InvokeAsync(() => page.Find("[data-testid=rollout-promote]").Click());
        page.WaitForAssertion(() => Assert.Contains("Roll back to ext", page.Find("[data-testid=rollback]").TextContent));
    }

    [Fact]
    public async Task ACanaryShowsItsRampEvidenceAndWhatItWaitsFor()
    {
        var (workflow, _) = await RolloutScenario.WithChampionAndBuiltInAsync(Api, "partial");
        (await Api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", new Contracts.Rollouts.StartRolloutRequest(
            "canary", "builtin-1", "Try it on a share.", MinAudits: 10, DwellMinutes: 0))).EnsureSuccessStatusCode();
        SignIn(ApiSession.AdminUser, Roles.MlLead);

        var page = Render<RolloutsPage>(p => p.Add(x => x.Key, workflow));

        page.WaitForAssertion(() => Assert.Contains("Canary: builtin-1 decides 1% of units", page.Find("[data-testid=canary-panel]").TextContent));
        Assert.Equal("1%5%10%25%50%100%", page.Find("[data-testid=canary-ramp]").TextContent.Replace(" ", "").Replace("\n", "").Trim());
        Assert.Contains("more audited challenger items", page.Find("[data-testid=canary-decision]").TextContent);
        Assert.Contains("Share of units the challenger decides", page.Find("[data-testid=canary-timeline]").TextContent);
        await page.InvokeAsync(() => page.Find("[data-testid=canary-panel] input").Input("Not today."));
        await page.InvokeAsync(() => page.Find("[data-testid=canary-rollback]").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=canary-panel]")));
    }

    [Fact]
    public async Task AManagerReadsTheRolloutsButIsOfferedNoStartNorActions()
    {
        var (workflow, _) = await RolloutScenario.WithChampionAndBuiltInAsync(Api);
        (await Api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts",
            new Contracts.Rollouts.StartRolloutRequest("shadow", "builtin-1", "Compare on live items."))).EnsureSuccessStatusCode();
        SignIn(ApiSession.AdminUser, Roles.Manager);

        var page = Render<RolloutsPage>(p => p.Add(x => x.Key, workflow));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=shadow-panel]")));
        Assert.Empty(page.FindAll("[data-testid=rollout-abandon]"));
        Assert.Empty(page.FindAll("[data-testid=start-rollout]"));
        Assert.Contains("Compare on live items.", page.Find("[data-testid=rollout-history]").TextContent);
    }

    [Fact]
    public async Task AnAbTestShowsItsVerdictArmsAndSplitCheckAndStops()
    {
        var (workflow, client) = await RolloutScenario.WithChampionAndBuiltInAsync(Api, "partial");
        (await Api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts",
            new Contracts.Rollouts.StartRolloutRequest("ab", "builtin-1", "Which is better?", AuditRate: 1.0))).EnsureSuccessStatusCode();
        await client.PostJsonAsync($"/api/v1/workflows/{workflow}/items:batch", new Contracts.Items.BatchIngestRequest(
            Enumerable.Range(0, 20).Select(i => RolloutScenario.Invoice($"ab-{i}", 100 + i * 45)).ToList()));
        SignIn(ApiSession.AdminUser, Roles.MlLead);

        var page = Render<RolloutsPage>(p => p.Add(x => x.Key, workflow));

        page.WaitForAssertion(() => Assert.Contains("A/B test: builtin-1 decides 50 % of units", page.Find("[data-testid=ab-panel]").TextContent.Replace("50%", "50 %")));
        Assert.Contains("Collecting", page.Find("[data-testid=ab-verdict]").TextContent);
        Assert.Equal(2, page.FindAll("[data-testid=ab-arms] tbody tr").Count);
        Assert.Contains("Split check: ", page.Find("[data-testid=ab-srm]").TextContent);
        await page.InvokeAsync(() => page.Find("[data-testid=ab-panel] input").Input("Enough."));
        await page.InvokeAsync(() => page.Find("[data-testid=rollout-abandon]").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=ab-panel]")));
    }
}
