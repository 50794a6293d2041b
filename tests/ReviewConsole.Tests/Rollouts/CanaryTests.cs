using System.Net;
using System.Text.Json;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Contracts.Rollouts;

namespace ReviewConsole.Tests.Rollouts;

/// <summary>Issue 12, canary: the challenger decides a sticky share, its decisions are audited, the evaluator advances or rolls back by itself.</summary>
public sealed class CanaryTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static StartRolloutRequest Canary(string why) =>
        new("canary", "builtin-1", why, Steps: [50, 100], MinAudits: 10, DwellMinutes: 0, AuditRate: 1.0);

    private static async Task PostAsync(HttpClient client, string workflow, string prefix, int count) =>
        (await client.PostJsonAsync($"/api/v1/workflows/{workflow}/items:batch",
            new BatchIngestRequest(Enumerable.Range(0, count).Select(i => RolloutScenario.Invoice($"{prefix}-{i}", 100 + i * 900.0 / count)).ToList())))
        .EnsureSuccessStatusCode();

    [Fact]
    public async Task ABetterChallengerAdvancesByItselfAndIsPromotedAfterTheLastStep()
    {
        var (workflow, client) = await RolloutScenario.WithChampionAndBuiltInAsync(api, "partial");
        var lead = await api.UserAsync(Roles.MlLead);
        (await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", Canary("The built-in model knows the software rule."))).EnsureSuccessStatusCode();

        // Too little evidence: it holds, and says what it waits for.
        var early = await (await lead.GetAsync($"/api/v1/workflows/{workflow}/rollout")).ReadAsync<RolloutResponse>();
        Assert.Equal(("hold", 50.0), (early.Canary!.Decision, early.Canary.Percent));
        Assert.Contains("more audited challenger items", early.Canary.Reason);

        await PostAsync(client, workflow, "step1", 200);
        await RolloutScenario.LabelAllAsync(api, workflow);
        var advanced = await RolloutScenario.WaitForLatestAsync(api, workflow, r => r.Ledger.Any(e => e.Action == "advance"));
        Assert.Equal("automatic", advanced.Ledger.Last(e => e.Action == "advance").Actor);
        var items = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/items/step1-150")).ReadAsync<ItemResponse>();
        Assert.Contains(items.Predictions, p => p.ModelVersion == "ext");

        await PostAsync(client, workflow, "step2", 30);
        await RolloutScenario.LabelAllAsync(api, workflow);
        var promoted = await RolloutScenario.WaitForLatestAsync(api, workflow, r => r.Status == RolloutStatuses.Completed);

        Assert.Equal(["start", "advance", "promote"], promoted.Ledger.Select(e => e.Action));
        var models = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/models")).ReadAsync<List<ModelSummaryResponse>>();
        Assert.Equal("champion", models.Single(m => m.Version == "builtin-1").Alias);
    }

    [Fact]
    public async Task AWorseChallengerIsRolledBackByItselfWithAnAlertAndTheChampionDecidesAgain()
    {
        var (workflow, client) = await RolloutScenario.WithChampionAndBuiltInAsync(api, "partial", builtInRight: false);
        (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", Canary("Trying the other model."))).EnsureSuccessStatusCode();

        await PostAsync(client, workflow, "bad", 120);
        await RolloutScenario.LabelAllAsync(api, workflow);
        var rolledBack = await RolloutScenario.WaitForLatestAsync(api, workflow, r => r.Status == RolloutStatuses.RolledBack);

        Assert.Equal(("rollback", "automatic"), (rolledBack.Ledger[^1].Action, rolledBack.Ledger[^1].Actor));
        Assert.Contains("credibly worse", rolledBack.Ledger[^1].Reason);
        var alerts = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/alerts")).ReadAsync<List<AlertResponse>>();
        Assert.Contains(alerts, a => a.Kind == AlertKinds.Rollout);
        await PostAsync(client, workflow, "after", 20);
        var tasks = await api.CountAsync($"""
            SELECT count(*) FROM review_tasks t JOIN items i ON i.id = t.item_id
            WHERE i.external_id LIKE 'after-%' AND t.model_version = 'builtin-1'
            """);
        Assert.Equal(0, tasks);
    }

    [Fact]
    public async Task TwoReplicasEvaluatingTheSameCanaryActOnceBetweenThem()
    {
        using var replica = api.NewReplica();
        replica.CreateClient().Dispose();
        var (workflow, client) = await RolloutScenario.WithChampionAndBuiltInAsync(api, "partial", builtInRight: false);
        (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", Canary("Two hosts watch it."))).EnsureSuccessStatusCode();

        await PostAsync(client, workflow, "two", 120);
        await RolloutScenario.LabelAllAsync(api, workflow);
        var rolledBack = await RolloutScenario.WaitForLatestAsync(api, workflow, r => r.Status == RolloutStatuses.RolledBack);
        await Task.Delay(2500);

        Assert.Single(rolledBack.Ledger, e => e.Action == "rollback");
        Assert.Equal(1, await api.CountAsync($"SELECT count(*) FROM alerts a JOIN workflows w ON w.id = a.workflow_id WHERE w.key = '{workflow}' AND a.kind = 'rollout'"));
        var after = (await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/rollouts")).ReadAsync<List<RolloutResponse>>())[0];
        Assert.Single(after.Ledger, e => e.Action == "rollback");
    }

    [Fact]
    public async Task ARepeatOfAnItemTheChallengerDecidedGetsTheSameAnswer()
    {
        var (workflow, client) = await RolloutScenario.WithChampionAndBuiltInAsync(api, "partial");
        (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", Canary("All units.") with { Steps = [100] })).EnsureSuccessStatusCode();
        var item = RolloutScenario.Invoice("repeat-1", 900);

        var first = await client.PostJsonAsync($"/api/v1/workflows/{workflow}/items", item);
        var again = await client.PostJsonAsync($"/api/v1/workflows/{workflow}/items", item);
        var changed = await client.PostJsonAsync($"/api/v1/workflows/{workflow}/items", item with { Prediction = item.Prediction! with { Label = "office" } });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((await first.ReadAsync<IngestItemResponse>()).Decision?.Label, (await again.ReadAsync<IngestItemResponse>()).Decision?.Label);
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        var stored = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/items/repeat-1")).ReadAsync<ItemResponse>();
        Assert.Equal(["builtin-1", "ext"], stored.Predictions.Select(p => p.ModelVersion).Order());
        var served = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/models/served?externalId=repeat-1")).ReadAsync<ServedResponse>();
        Assert.Equal("builtin-1", served.Version);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/models/served?externalId=nope")).StatusCode);
    }

    [Fact]
    public async Task TheMlLeadPausesResumesAdvancesAndRollsBackByHand()
    {
        var (workflow, _) = await RolloutScenario.WithChampionAndBuiltInAsync(api, "partial");
        var lead = await api.UserAsync(Roles.MlLead);
        (await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", Canary("By hand."))).EnsureSuccessStatusCode();

        // The canary evaluates builtin-1: the challenger alias cannot move under it.
        var swap = await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/models/ext:alias", new SetAliasRequest("challenger"));
        Assert.Equal(HttpStatusCode.Conflict, swap.StatusCode);
        var paused = await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:pause", new RolloutActionRequest("Holiday."));
        var pausedAgain = await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:pause", new RolloutActionRequest("Holiday."));
        var resumed = await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:resume", new RolloutActionRequest("Back."));
        var advanced = await (await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:advance", new RolloutActionRequest("Confident."))).ReadAsync<RolloutResponse>();
        var beyond = await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:advance", new RolloutActionRequest("More."));
        var badSteps = await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", new StartRolloutRequest("canary", "builtin-1", "x", Steps: [50, 10]));
        var rolledBack = await (await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:rollback", new RolloutActionRequest("Enough."))).ReadAsync<RolloutResponse>();

        Assert.Equal(RolloutStatuses.Paused, (await paused.ReadAsync<RolloutResponse>()).Status);
        Assert.Equal(HttpStatusCode.Conflict, pausedAgain.StatusCode);
        Assert.Equal(RolloutStatuses.Running, (await resumed.ReadAsync<RolloutResponse>()).Status);
        Assert.Equal(100, advanced.Canary!.Percent);
        Assert.Equal(HttpStatusCode.Conflict, beyond.StatusCode);
        Assert.True((await badSteps.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("steps", out _));
        Assert.Equal(RolloutStatuses.RolledBack, rolledBack.Status);
        Assert.Equal("ext", (await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/models")).ReadAsync<List<ModelSummaryResponse>>())
            .Single(m => m.Alias == ModelAliases.Champion).Version);
    }

    [Fact]
    public async Task ServedAtAMomentNamesTheCanarysChallengerAndItsShareThen()
    {
        var (workflow, _) = await RolloutScenario.WithChampionAndBuiltInAsync(api, "partial");
        async Task<ServedResponse> ServedAt(DateTimeOffset at) => await (await api.Admin.GetAsync(
            $"/api/v1/workflows/{workflow}/models/served?at={Uri.EscapeDataString(at.ToString("O"))}")).ReadAsync<ServedResponse>();
        async Task<DateTimeOffset> ActAsync(string action)
        {
            (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:{action}", new RolloutActionRequest("Step."))).EnsureSuccessStatusCode();
            await Task.Delay(20);
            return DateTimeOffset.UtcNow;
        }
        var before = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", Canary("Shares over time."))).EnsureSuccessStatusCode();
        await Task.Delay(20);
        var started = DateTimeOffset.UtcNow;
        var paused = await ActAsync("pause");
        var advancedWhilePaused = await ActAsync("advance");
        var resumed = await ActAsync("resume");
        var rolledBack = await ActAsync("rollback");

        Assert.Equal(new ServedResponse(before, "ext"), await ServedAt(before));
        Assert.Equal(("ext", "builtin-1", 50.0), await ServedAt(started) is var s ? (s.Version, s.Challenger, s.ChallengerPercent) : default);
        Assert.Equal(0.0, (await ServedAt(paused)).ChallengerPercent);
        Assert.Equal(0.0, (await ServedAt(advancedWhilePaused)).ChallengerPercent);
        Assert.Equal(100.0, (await ServedAt(resumed)).ChallengerPercent);
        Assert.Null((await ServedAt(rolledBack)).Challenger);
    }
}
