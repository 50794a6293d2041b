using System.Net;
using System.Text.Json;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Contracts.Review;
using ReviewConsole.Contracts.Rollouts;

namespace ReviewConsole.Tests.Rollouts;

/// <summary>Issue 12, shadow: the challenger scores every item beside the champion, never decides, and the evidence is paired.</summary>
public sealed class ShadowRolloutTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AShadowCollectsPairedEvidenceAndEndsInAPromotionThatCanBeRolledBack()
    {
        var (workflow, client) = await RolloutScenario.WithChampionAndBuiltInAsync(api);
        var lead = await api.UserAsync(Roles.MlLead);

        var started = await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", new StartRolloutRequest("shadow", "builtin-1", "Compare on live items."));
        (await client.PostJsonAsync($"/api/v1/workflows/{workflow}/items:batch",
            new BatchIngestRequest(Enumerable.Range(0, 40).Select(i => RolloutScenario.Invoice($"during-{i}", 100 + i * 25)).ToList()))).EnsureSuccessStatusCode();
        await RolloutScenario.LabelAllAsync(api, workflow);
        var running = await (await lead.GetAsync($"/api/v1/workflows/{workflow}/rollout")).ReadAsync<RolloutResponse>();

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal((RolloutStatuses.Running, "ext"), (running.Status, running.Champion));
        var shadow = running.Shadow!;
        // 40 items: amounts 100..1075; above 500 (23 of them) only the challenger is right, below both are.
        Assert.Equal((40L, 23L, 0L), (shadow.Overall.Items, shadow.Overall.OnlyChallengerRight, shadow.Overall.OnlyChampionRight));
        Assert.Equal(1.0, shadow.Overall.ChallengerAgreement);
        Assert.True(shadow.Overall.McNemarP < 1e-6, $"p {shadow.Overall.McNemarP}");
        Assert.Equal(["DE", "FR"], shadow.Slices.Select(s => s.Slice).Order());
        Assert.Equal(23, shadow.Disagreements.Count);
        Assert.All(shadow.Disagreements, d => Assert.Equal(("software", "travel", "software"), (d.Human, d.Champion, d.Challenger)));
        var models = await (await lead.GetAsync($"/api/v1/workflows/{workflow}/models")).ReadAsync<List<ModelSummaryResponse>>();
        Assert.Equal(("champion", "challenger"), (models.Single(m => m.Version == "ext").Alias, models.Single(m => m.Version == "builtin-1").Alias));

        var promoted = await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:promote", new RolloutActionRequest("Right on every disagreement."));
        var done = await promoted.ReadAsync<RolloutResponse>();
        var rolledBack = await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:rollback", new RolloutActionRequest("Checking the old one again."));

        Assert.Equal((RolloutStatuses.Completed, "ext"), (done.Status, done.Champion));
        Assert.Equal(["start", "promote"], done.Ledger.Select(e => e.Action));
        Assert.Equal(HttpStatusCode.OK, rolledBack.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync($"/api/v1/workflows/{workflow}/rollout")).StatusCode);
    }

    [Fact]
    public async Task OneRolloutAtATimeAndAnAbandonedShadowLeavesTheChampion()
    {
        var (workflow, _) = await RolloutScenario.WithChampionAndBuiltInAsync(api);

        var first = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", new StartRolloutRequest("shadow", "builtin-1", "Compare."));
        var second = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", new StartRolloutRequest("single", "builtin-1", "Deploy."));
        var external = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", new StartRolloutRequest("shadow", "ext", "Compare."));
        var abandoned = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:abandon", new RolloutActionRequest("Not now."));
        var again = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:abandon", new RolloutActionRequest("Not now."));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, external.StatusCode);
        Assert.Equal(RolloutStatuses.Abandoned, (await abandoned.ReadAsync<RolloutResponse>()).Status);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var models = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/models")).ReadAsync<List<ModelSummaryResponse>>();
        Assert.Equal("champion", models.Single(m => m.Version == "ext").Alias);
    }
}
