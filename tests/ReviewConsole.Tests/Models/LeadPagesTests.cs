using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Features.Dashboard;
using ReviewConsole.Features.Drift;
using ReviewConsole.Features.Models;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Models;

/// <summary>The ML lead's and manager's pages on a new workflow: their empty states, and actions only for roles that may use them.</summary>
public sealed class LeadPagesTests(ApiFixture api) : PageContext(api), IClassFixture<ApiFixture>
{
    [Fact]
    public async Task ANewWorkflowHasNoModelVersionsAndAManagerCannotTrain()
    {
        var workflow = await Api.WorkflowAsync();
        SignIn(ApiSession.AdminUser, Roles.Manager);

        var page = Render<ModelsPage>(p => p.Add(x => x.Key, workflow.Key));

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-progress-circular")));
        Assert.Empty(page.FindAll("[data-testid=train]"));
        Assert.Empty(page.FindAll("[data-testid=models-error]"));
    }

    [Fact]
    public async Task AnMlLeadMayTrainFromTheModelsPage()
    {
        var workflow = await Api.WorkflowAsync();
        SignIn(ApiSession.AdminUser, Roles.MlLead);

        var page = Render<ModelsPage>(p => p.Add(x => x.Key, workflow.Key));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=train]")));
    }

    [Fact]
    public async Task AnMlLeadMayAskForOneTrainer()
    {
        var workflow = await Api.WorkflowAsync();
        for (var i = 0; i < 60; i++)
            await Api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item($"t-{i}", i % 2 == 0 ? "travel" : "office"));
        while (await Api.Admin.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null) is { StatusCode: System.Net.HttpStatusCode.OK } claimed)
        {
            var task = await claimed.ReadAsync<Contracts.Review.ClaimResponse>();
            await Api.Admin.PostJsonAsync($"/api/v1/tasks/{task.TaskId}/label", new Contracts.Review.LabelRequest(task.TaskId % 2 == 0 ? "travel" : "office", task.LeaseToken));
        }
        SignIn(ApiSession.AdminUser, Roles.MlLead);
        var page = Render<ModelsPage>(p => p.Add(x => x.Key, workflow.Key));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=trainer]")));

        await page.InvokeAsync(() => page.Find("[data-testid=trainer]").Change("boosted-trees"));
        await page.InvokeAsync(() => page.Find("[data-testid=train]").Click());

        // The click's handler runs on: wait until the job is queued.
        long queued = 0;
        for (var i = 0; i < 50 && queued == 0; i++, await Task.Delay(100))
            queued = await Api.CountAsync($"""
                SELECT count(*) FROM training_jobs j JOIN workflows w ON w.id = j.workflow_id
                WHERE w.key = '{workflow.Key}' AND j.options->>'trainer' = 'boosted-trees'
                """);
        Assert.Equal(1, queued);
        Assert.Empty(page.FindAll("[data-testid=models-action-error]"));
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
        var page = Render<ModelsPage>(p => p.Add(x => x.Key, workflow.Key));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=champion-v2]")));

        await page.InvokeAsync(() => page.Find("[data-testid=champion-v2]").Click());
        page.WaitForAssertion(() => Assert.Contains("Make v2 the champion?", page.Find("[data-testid=promote-confirm]").TextContent));
        Assert.True(page.Find("[data-testid=promote-confirm-button]").HasAttribute("disabled"), "no deployment without a reason");
        await page.InvokeAsync(() => page.Find("#promote-why").Input("v2 agrees with reviewers more often."));
        await page.InvokeAsync(() => page.Find("[data-testid=promote-confirm-button]").Click());

        page.WaitForAssertion(() => Assert.Contains("Roll back to v1", page.Find("[data-testid=rollback]").TextContent));
        page.WaitForAssertion(() => Assert.Contains("v2 agrees with reviewers more often.", page.Find("[data-testid=rollout-history]").TextContent));
        var rollouts = await (await Api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/rollouts")).ReadAsync<List<Contracts.Rollouts.RolloutResponse>>();
        Assert.Equal(("v2", "v1", "v2 agrees with reviewers more often."), (rollouts[0].Challenger, rollouts[0].Champion, rollouts[0].Justification));
    }

    [Fact]
    public async Task AShadowShowsItsPairedEvidenceAndCanBeAbandoned()
    {
        var (workflow, client) = await Rollouts.RolloutScenario.WithChampionAndBuiltInAsync(Api);
        (await Api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts",
            new Contracts.Rollouts.StartRolloutRequest("shadow", "builtin-1", "Compare on live items."))).EnsureSuccessStatusCode();
        await client.PostJsonAsync($"/api/v1/workflows/{workflow}/items:batch", new Contracts.Items.BatchIngestRequest(
            Enumerable.Range(0, 10).Select(i => Rollouts.RolloutScenario.Invoice($"live-{i}", 300 + i * 100)).ToList()));
        await Rollouts.RolloutScenario.LabelAllAsync(Api, workflow);
        SignIn(ApiSession.AdminUser, Roles.MlLead);

        var page = Render<ModelsPage>(p => p.Add(x => x.Key, workflow));

        page.WaitForAssertion(() => Assert.Contains("Shadow: builtin-1 beside ext", page.Find("[data-testid=shadow-panel]").TextContent));
        Assert.Contains("all", page.Find("[data-testid=shadow-table]").TextContent);
        await page.InvokeAsync(() => page.Find("[data-testid=shadow-panel] input").Input("Not yet."));
        await page.InvokeAsync(() => page.Find("[data-testid=shadow-abandon]").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=shadow-panel]")));
    }

    [Fact]
    public async Task ABlueGreenShowsItsWarmUpAndSwitchesOnClick()
    {
        var (workflow, _) = await Rollouts.RolloutScenario.WithChampionAndBuiltInAsync(Api);
        (await Api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts",
            new Contracts.Rollouts.StartRolloutRequest("blue-green", "builtin-1", "Swap in the built-in model."))).EnsureSuccessStatusCode();
        SignIn(ApiSession.AdminUser, Roles.MlLead);

        var page = Render<ModelsPage>(p => p.Add(x => x.Key, workflow));

        page.WaitForAssertion(() => Assert.Contains("100.0 % of 31", page.Find("[data-testid=blue-green-panel]").TextContent));
        await page.InvokeAsync(() => page.Find("[data-testid=blue-green-panel] input").Input("Clean warm-up."));
        await page.InvokeAsync(() => page.Find("[data-testid=blue-green-switch]").Click());
        page.WaitForAssertion(() => Assert.Contains("Roll back to ext", page.Find("[data-testid=rollback]").TextContent));
    }

    [Fact]
    public async Task ACanaryShowsItsRampEvidenceAndWhatItWaitsFor()
    {
        var (workflow, _) = await Rollouts.RolloutScenario.WithChampionAndBuiltInAsync(Api, "partial");
        (await Api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", new Contracts.Rollouts.StartRolloutRequest(
            "canary", "builtin-1", "Try it on a share.", MinAudits: 10, DwellMinutes: 0))).EnsureSuccessStatusCode();
        SignIn(ApiSession.AdminUser, Roles.MlLead);

        var page = Render<ModelsPage>(p => p.Add(x => x.Key, workflow));

        page.WaitForAssertion(() => Assert.Contains("Canary: builtin-1 decides 1% of units", page.Find("[data-testid=canary-panel]").TextContent));
        Assert.Equal("1%5%10%25%50%100%", page.Find("[data-testid=canary-ramp]").TextContent.Replace(" ", "").Replace("\n", "").Trim());
        Assert.Contains("more audited challenger items", page.Find("[data-testid=canary-decision]").TextContent);
        await page.InvokeAsync(() => page.Find("[data-testid=canary-panel] input").Input("Not today."));
        await page.InvokeAsync(() => page.Find("[data-testid=canary-rollback]").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=canary-panel]")));
    }

    [Fact]
    public async Task TheDriftPanelOfANewWorkflowSaysThereIsNothingToCompareAndOffersNoActionsToAManager()
    {
        var workflow = await Api.WorkflowAsync();
        SignIn(ApiSession.AdminUser, Roles.Manager);

        var page = Render<DriftPage>(p => p.Add(x => x.Key, workflow.Key));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=drift-features]")));
        Assert.NotEmpty(page.FindAll("[data-testid=drift-no-reference]"));
        Assert.Empty(page.FindAll("[data-testid=evaluate]"));
    }

    [Fact]
    public async Task TheDashboardOfANewWorkflowCountsNothingYet()
    {
        var workflow = await Api.WorkflowAsync();
        SignIn(ApiSession.AdminUser, Roles.Manager);
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"/dashboard?workflow={workflow.Key}");

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-testid=kpi-items]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=dashboard-error]"));
    }
}
