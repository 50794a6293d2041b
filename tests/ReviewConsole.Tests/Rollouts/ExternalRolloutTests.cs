using System.Net;
using System.Text.Json;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Core.Rollouts;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Rollouts;

/// <summary>
/// Issue 12, external versions: the client sends each version's prediction per item, the console decides whose
/// counts and says so (servedBy), and an item without the challenger's falls back to the champion's, counted.
/// </summary>
public sealed class ExternalRolloutTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Challenger = RolloutScenario.External2;

    private static StartRolloutRequest Canary(string why) => new("canary", Challenger, why, Steps: [50, 100], MinAudits: 10, DwellMinutes: 0, AuditRate: 1.0);

    [Fact]
    public async Task AnExternalCanaryDecidesItsShareWithTheClientsPredictionAndCountsFallbacks()
    {
        var (workflow, client) = await RolloutScenario.WithTwoExternalVersionsAsync(api);
        var lead = await api.UserAsync(Roles.MlLead);
        var started = await (await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", Canary("The client's new model."))).ReadAsync<RolloutResponse>();

        // The model client reads which versions to score with its API key.
        var told = await (await client.GetAsync($"/api/v1/workflows/{workflow}/rollout")).ReadAsync<RolloutResponse>();
        Assert.Equal(["ext", Challenger], told.VersionsToScore);
        Assert.Null(told.Canary);

        var both = await RolloutScenario.PostAsync(client, workflow, Enumerable.Range(0, 60).Select(i => RolloutScenario.Both($"both-{i}", 100 + i * 15)));
        var seed = $"rollout-{started.Id}";
        Assert.All(both, r => Assert.Equal(StickyAssignment.SeesChallenger(seed, r.ExternalId, 50) ? Challenger : "ext", r.ServedBy));
        Assert.Contains(both, r => r.ServedBy == Challenger);

        // An older client still sends only the champion's prediction: the challenger's share falls back to it, counted.
        var onlyChampion = await RolloutScenario.PostAsync(client, workflow, Enumerable.Range(0, 30).Select(i => RolloutScenario.Invoice($"old-{i}", 200)));
        var expected = onlyChampion.Count(r => StickyAssignment.SeesChallenger(seed, r.ExternalId, 50));
        Assert.True(expected > 0);
        Assert.All(onlyChampion, r => Assert.Equal("ext", r.ServedBy));
        var current = await (await lead.GetAsync($"/api/v1/workflows/{workflow}/rollout")).ReadAsync<RolloutResponse>();
        Assert.Equal(expected, current.Fallbacks);

        // Humans check both arms; ext-2 knows the rule and advances by itself.
        await RolloutScenario.LabelAllAsync(api, workflow);
        var advanced = await RolloutScenario.WaitForLatestAsync(api, workflow, r => r.Ledger.Any(e => e.Action == "advance"));
        Assert.Equal("automatic", advanced.Ledger.Last(e => e.Action == "advance").Actor);
    }

    [Fact]
    public async Task AWorseExternalChallengerIsRolledBackByItselfAndTheCallbackUrlIsTold()
    {
        var (workflow, client) = await RolloutScenario.WithTwoExternalVersionsAsync(api);
        (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", Canary("Trying it."))).EnsureSuccessStatusCode();
        await RolloutScenario.PostAsync(client, workflow, Enumerable.Range(0, 120).Select(i => RolloutScenario.Both($"bad-{i}", 100 + i * 7.5, challengerRight: false)));
        // Set after the items were decided, so the only deliveries are the rollback's (and any audit corrections').
        await api.CountAsync($"WITH u AS (UPDATE workflows SET callback_url = 'https://hooks.example.invalid/rc' WHERE key = '{workflow}' RETURNING 1) SELECT count(*) FROM u");

        await RolloutScenario.LabelAllAsync(api, workflow);
        var rolledBack = await RolloutScenario.WaitForLatestAsync(api, workflow, r => r.Status == RolloutStatuses.RolledBack);

        Assert.Equal("automatic", rolledBack.Ledger[^1].Actor);
        var payload = JsonDocument.Parse(await TestPostgres.ScalarAsync<string>(api.ConnectionString, $"""
            SELECT d.payload::text FROM webhook_deliveries d JOIN workflows w ON w.id = d.workflow_id
            WHERE w.key = '{workflow}' AND d.item_id IS NULL
            """)).RootElement;
        Assert.Equal(("rollout.changed", workflow), (payload.GetProperty("type").GetString(), payload.GetProperty("workflow").GetString()));
        var rollout = payload.GetProperty("rollout");
        Assert.Equal((RolloutStatuses.RolledBack, Challenger, "automatic"),
            (rollout.GetProperty("status").GetString(), rollout.GetProperty("challenger").GetString(), rollout.GetProperty("actor").GetString()));
        var after = await RolloutScenario.PostAsync(client, workflow, [RolloutScenario.Both("after-1", 900, challengerRight: false)]);
        Assert.Equal("ext", after[0].ServedBy);
    }

    [Fact]
    public async Task AnExternalGreenShowsPairedEvidenceThenItsPredictionsCountAfterTheSwitch()
    {
        var (workflow, client) = await RolloutScenario.WithTwoExternalVersionsAsync(api);
        var lead = await api.UserAsync(Roles.MlLead);
        var started = await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", new StartRolloutRequest("blue-green", Challenger, "The client's new model."));
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Null((await started.ReadAsync<RolloutResponse>()).WarmUp);

        var before = await RolloutScenario.PostAsync(client, workflow, Enumerable.Range(0, 20).Select(i => RolloutScenario.Both($"bg-{i}", 100 + i * 45)));
        Assert.All(before, r => Assert.Equal("ext", r.ServedBy));
        await RolloutScenario.LabelAllAsync(api, workflow);
        var running = await (await lead.GetAsync($"/api/v1/workflows/{workflow}/rollout")).ReadAsync<RolloutResponse>();
        // Labels given since green began: the 20 items and the one posted with both predictions before it.
        Assert.Equal(21, running.Shadow!.Overall.Items);
        Assert.Equal(1.0, running.Shadow.Overall.ChallengerAgreement);

        (await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:promote", new RolloutActionRequest("Green agrees with reviewers."))).EnsureSuccessStatusCode();
        var after = await RolloutScenario.PostAsync(client, workflow, [RolloutScenario.Both("bg-after", 900)]);

        Assert.Equal(Challenger, after[0].ServedBy);
        var models = await (await lead.GetAsync($"/api/v1/workflows/{workflow}/models")).ReadAsync<List<ModelSummaryResponse>>();
        Assert.Equal(Challenger, models.Single(m => m.Alias == ModelAliases.Champion).Version);
    }

    [Fact]
    public async Task PredictionsAreCheckedPerVersionAndARepeatIsComparedVersionByVersion()
    {
        var (workflow, client) = await RolloutScenario.WithTwoExternalVersionsAsync(api);
        var item = RolloutScenario.Both("repeat-both", 900);
        var url = $"/api/v1/workflows/{workflow}/items";

        var bad = await client.PostJsonAsync(url, item with
        {
            Prediction = new PredictionInput("travel", 0.9),
            Predictions = [new PredictionInput("travel", 0.9, null, "ext"), new PredictionInput("travel", 0.8, null, "ext"), new PredictionInput("nope", 0.5)],
        });
        var errors = (await bad.ReadAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        foreach (var field in new[] { "predictions", "predictions[1].modelVersion", "predictions[2].label", "predictions[2].modelVersion" })
            Assert.True(errors.TryGetProperty(field, out _), field);
        var tooMany = await client.PostJsonAsync(url, item with { Predictions = [.. Enumerable.Range(0, 6).Select(i => new PredictionInput("travel", 0.5, null, $"v{i}"))] });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync(url, item)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync(url, item with { Predictions = [.. item.Predictions!.Reverse()] })).StatusCode);
        var changed = await client.PostJsonAsync(url, item with { Predictions = [item.Predictions![0], new PredictionInput("office", 0.9, null, Challenger)] });
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.True((await changed.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("predictions", out _));
        var stored = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/items/repeat-both")).ReadAsync<ItemResponse>();
        Assert.Equal(["ext", Challenger], stored.Predictions.Select(p => p.ModelVersion).Order());
    }

    [Fact]
    public async Task AnotherWorkflowsClientCannotReadTheRolloutNorStartOne()
    {
        var (workflow, client) = await RolloutScenario.WithTwoExternalVersionsAsync(api);
        var other = await api.ClientForAsync((await api.WorkflowAsync("shadow")).Key);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/workflows/{workflow}/rollout")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/workflows/{workflow}/models/served")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", Canary("A client may not."))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/workflows/{workflow}/rollout")).StatusCode);
    }

    [Fact]
    public async Task ASinglePredictionNamingTheChallengerNeverDecidesOutsideItsShare()
    {
        var (workflow, client) = await RolloutScenario.WithTwoExternalVersionsAsync(api);
        (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", Canary("Paused at once."))).EnsureSuccessStatusCode();
        (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:pause", new RolloutActionRequest("Not yet."))).EnsureSuccessStatusCode();

        var onlyChallenger = await RolloutScenario.PostAsync(client, workflow, Enumerable.Range(0, 10).Select(i => RolloutScenario.Invoice($"only-2-{i}", 900) with
        {
            Prediction = new PredictionInput("software", 0.99, null, Challenger),
        }));

        // No champion's prediction, and the challenger decides nothing while paused: reviewers decide.
        Assert.All(onlyChallenger, r => Assert.Null(r.ServedBy));
    }

    [Fact]
    public async Task AClientCannotSpeakForABuiltInVersionAndIsNotAskedTo()
    {
        var (workflow, client) = await RolloutScenario.WithTwoExternalVersionsAsync(api);
        (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts",
            new StartRolloutRequest("canary", "builtin-1", "All units.", Steps: [100], MinAudits: 10, DwellMinutes: 0))).EnsureSuccessStatusCode();

        var told = await (await client.GetAsync($"/api/v1/workflows/{workflow}/rollout")).ReadAsync<RolloutResponse>();
        var answer = await RolloutScenario.PostAsync(client, workflow, [RolloutScenario.Invoice("claims-builtin", 900) with
        {
            Prediction = null,
            Predictions = [new PredictionInput("travel", 0.9, null, "ext"), new PredictionInput("office", 0.99, null, "builtin-1")],
        }]);

        Assert.Equal(["ext"], told.VersionsToScore);
        Assert.Equal("builtin-1", answer[0].ServedBy);
        var stored = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/items/claims-builtin")).ReadAsync<ItemResponse>();
        // The console's own score (the built-in model knows software above 500), not the client's "office".
        Assert.Equal("software", stored.Predictions.Single(p => p.ModelVersion == "builtin-1").Label);
    }
}
