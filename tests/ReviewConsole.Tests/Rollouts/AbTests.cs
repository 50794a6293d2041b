using System.Net;
using System.Text.Json;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Core.Rollouts;

namespace ReviewConsole.Tests.Rollouts;

/// <summary>Issue 13, A/B: a fixed sticky share, both arms audited, a running always-valid verdict, the split checked, the winner promoted.</summary>
public sealed class AbTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Challenger = RolloutScenario.External2;

    [Fact]
    public async Task AnAbTestNamesTheBetterVersionFromAuditsAndItsVerdictStaysInTheLedgerWhenTheWinnerIsPromoted()
    {
        var (workflow, client) = await RolloutScenario.WithTwoExternalVersionsAsync(api);
        var started = await (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts",
            new StartRolloutRequest("ab", Challenger, "Which model categorises better?", AuditRate: 1.0))).ReadAsync<RolloutResponse>();
        Assert.Equal(("collecting", 0.5), (started.Experiment!.Verdict, started.Experiment.Share));

        await RolloutScenario.PostAsync(client, workflow, Enumerable.Range(0, 400).Select(i => RolloutScenario.Both($"ab-{i}", 100 + i * 2.25)));
        await RolloutScenario.LabelAllAsync(api, workflow);
        var running = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/rollout")).ReadAsync<RolloutResponse>();

        var test = running.Experiment!;
        // (The champion's audited errors may make the guardrail step the workflow down from partial: then the metric is agreement.)
        Assert.Equal("challenger-better", test.Verdict);
        Assert.True(test.Lower > 0);
        var (champion, challenger) = (test.Arms.Single(a => a.Role == "champion"), test.Arms.Single(a => a.Role == "challenger"));
        Assert.Equal(400, champion.Items + challenger.Items);
        var expected = Enumerable.Range(0, 400).Count(i => StickyAssignment.SeesChallenger($"rollout-{started.Id}", $"ab-{i}", 50));
        Assert.Equal(expected, challenger.Items);
        Assert.Equal(1.0, challenger.Rate);
        Assert.InRange(challenger.AutomationRate!.Value, challenger.AutomationLower, challenger.AutomationUpper);
        // Every item was audited (audit rate 1): none went to reviewers as an ordinary review.
        Assert.Equal((0L, (double?)null), (challenger.Reviewed, challenger.Agreement));
        Assert.False(test.SampleRatio.Mismatch);

        var advance = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:advance", new RolloutActionRequest("More."));
        var promoted = await (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:promote", new RolloutActionRequest("It wins."))).ReadAsync<RolloutResponse>();

        Assert.Equal(HttpStatusCode.Conflict, advance.StatusCode);
        Assert.Equal(RolloutStatuses.Completed, promoted.Status);
        Assert.Contains("Verdict then: challenger-better on", promoted.Ledger[^1].Reason);
    }

    [Fact]
    public async Task AClientDroppingOneArmsItemsIsCaughtByTheSplitCheckAndTheTestHolds()
    {
        var (workflow, client) = await RolloutScenario.WithTwoExternalVersionsAsync(api);
        var started = await (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts",
            new StartRolloutRequest("ab", Challenger, "Half and half.", AuditRate: 1.0))).ReadAsync<RolloutResponse>();

        // Only the champion's units arrive: 120 of them, none of the challenger's.
        var championUnits = Enumerable.Range(0, 1000).Select(i => $"srm-{i}")
            .Where(id => !StickyAssignment.SeesChallenger($"rollout-{started.Id}", id, 50)).Take(120);
        await RolloutScenario.PostAsync(client, workflow, championUnits.Select(id => RolloutScenario.Both(id, 300)));

        var held = await RolloutScenario.WaitForLatestAsync(api, workflow, r => r.Status == RolloutStatuses.Paused);

        Assert.Equal((RolloutStatuses.Paused, "automatic"), (held.Status, held.Ledger[^1].Actor));
        Assert.Contains("Sample ratio mismatch", held.Ledger[^1].Reason);
        var alerts = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/alerts")).ReadAsync<List<AlertResponse>>();
        Assert.Contains(alerts, a => a.Kind == AlertKinds.Rollout && a.Message.Contains("held"));
    }

    [Fact]
    public async Task BadSharesAreRefusedNamingTheField()
    {
        var (workflow, _) = await RolloutScenario.WithTwoExternalVersionsAsync(api);

        foreach (var share in new[] { 0.0, 1.0, -0.5, 2.0 })
        {
            var response = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", new StartRolloutRequest("ab", Challenger, "x", Share: share));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("share", out _), $"share {share}");
        }
    }
}
