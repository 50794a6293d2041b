using System.Net;
using System.Text.Json;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Review;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Rollouts;

/// <summary>Issue 13, interleaving: team-drafted suggestions at assist, each pick credited to the version that proposed it, a sign test names the preferred one.</summary>
public sealed class InterleavingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task ReviewersPicksFromTeamDraftedListsPreferTheVersionThatKnowsTheRule()
    {
        // The champion "ext" always says travel (no probabilities: one label); builtin-1 knows software above 500.
        var (workflow, client) = await RolloutScenario.WithChampionAndBuiltInAsync(api);
        var start = new StartRolloutRequest("interleaved", "builtin-1", "Which suggestions help reviewers?");
        Assert.Equal(HttpStatusCode.Conflict, (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", start)).StatusCode);
        await api.CountAsync($"WITH u AS (UPDATE workflows SET level = 'assist' WHERE key = '{workflow}' RETURNING 1) SELECT count(*) FROM u");
        (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", start)).EnsureSuccessStatusCode();

        (await client.PostJsonAsync($"/api/v1/workflows/{workflow}/items:batch",
            new BatchIngestRequest(Enumerable.Range(0, 60).Select(i => RolloutScenario.Invoice($"il-{i}", 100 + i * 15)).ToList()))).EnsureSuccessStatusCode();
        var peek = await api.UserAsync("reviewer");
        var claim = await (await peek.PostAsync($"/api/v1/workflows/{workflow}/tasks:claim", null)).ReadAsync<ClaimResponse>();
        Assert.InRange(claim.Suggestions!.Count, 2, 3);
        Assert.Contains(claim.Suggestions, s => s.Label == "travel");
        await peek.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}:release", new LeaseRequest(claim.LeaseToken));
        await RolloutScenario.LabelAllAsync(api, workflow);

        var running = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/rollout")).ReadAsync<RolloutResponse>();
        var picks = running.Interleaving!;
        Assert.Equal(60, picks.Picks);
        Assert.Equal(0, picks.Outside);
        Assert.Equal(60, picks.ChallengerWins + picks.ChampionWins);
        Assert.True(picks.ChallengerWins > picks.ChampionWins, $"{picks.ChallengerWins} vs {picks.ChampionWins}");
        Assert.Equal("challenger-better", picks.Verdict);
        Assert.Equal(60, picks.PickRanks.Values.Sum());

        var promoted = await (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:promote", new RolloutActionRequest("Reviewers prefer it."))).ReadAsync<RolloutResponse>();
        Assert.Contains("Verdict then: challenger-better", promoted.Ledger[^1].Reason);
    }
}
