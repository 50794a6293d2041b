using System.Net;
using System.Text.Json;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Contracts.Review;
using ReviewConsole.Contracts.Rollouts;

namespace ReviewConsole.Tests.Models;

public sealed class ModelRegistryTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private sealed record StartedRollout(string Challenger, string? Champion);

    private static readonly (string Label, string Words, double Amount)[] Kinds =
    [
        ("travel", "flight hotel train taxi", 600),
        ("software", "licence subscription seats cloud", 1800),
        ("office", "paper toner desks coffee", 250),
    ];

    /// <summary>Items whose true label is learnable from their text and amount; the external model is right 80% of the time.</summary>
    private static IngestItemRequest Item(Random random, string id, out string truth, bool withPrediction = true)
    {
        var kind = Kinds[random.Next(Kinds.Length)];
        truth = kind.Label;
        var words = kind.Words.Split(' ');
        var features = JsonSerializer.SerializeToElement(new
        {
            amount = kind.Amount * (0.5 + random.NextDouble()),
            country = random.Next(2) == 0 ? "DE" : "FR",
            description = $"{words[random.Next(4)]} and {words[random.Next(4)]} for the team",
        });
        var predicted = random.NextDouble() < 0.8 ? kind.Label : Kinds[(Array.IndexOf(Kinds, kind) + 1) % Kinds.Length].Label;
        return new IngestItemRequest(id, features, withPrediction ? new PredictionInput(predicted, 0.7, null, "ext-1") : null);
    }

    private async Task<(string Workflow, HttpClient Client, HttpClient Reviewer)> LabelledWorkflowAsync(int items, string level = "shadow")
    {
        var workflow = await api.WorkflowAsync(level);
        var client = await api.ClientForAsync(workflow.Key);
        var reviewer = await api.UserAsync(Roles.Reviewer);
        var random = new Random(21);
        var truths = new Dictionary<string, string>();
        var batch = Enumerable.Range(0, items).Select(i =>
        {
            var item = Item(random, $"m-{i}", out var truth);
            truths[item.ExternalId!] = truth;
            return item;
        }).ToList();
        (await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items:batch", new BatchIngestRequest(batch))).EnsureSuccessStatusCode();
        while (await reviewer.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null) is { StatusCode: HttpStatusCode.OK } claimed)
        {
            var task = await claimed.ReadAsync<ClaimResponse>();
            await reviewer.PostJsonAsync($"/api/v1/tasks/{task.TaskId}/label", new LabelRequest(truths[task.Item.ExternalId], task.LeaseToken));
        }
        return (workflow.Key, client, reviewer);
    }

    private async Task<TrainingJobResponse> WaitAsync(string workflow, Guid job)
    {
        for (var i = 0; i < 300; i++)
        {
            var status = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/models/jobs/{job}")).ReadAsync<TrainingJobResponse>();
            if (status.Status is "succeeded" or "failed")
                return status;
            await Task.Delay(200);
        }
        throw new TimeoutException("The training job did not finish in 60 s.");
    }

    [Fact]
    public async Task TrainingOnHumanLabelsGivesAChallengerThatScoresInShadowAndCanBecomeChampion()
    {
        var (workflow, client, _) = await LabelledWorkflowAsync(300);
        var lead = await api.UserAsync(Roles.MlLead);
        // A version never becomes champion by arriving; the ML lead names it.
        (await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts",
            new StartRolloutRequest("single", "ext-1", "The client's model, checked against 300 labels."))).EnsureSuccessStatusCode();

        var accepted = await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/models:train", new TrainRequest());
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = await WaitAsync(workflow, (await accepted.ReadAsync<TrainingJobResponse>()).JobId);
        Assert.Equal(("succeeded", "builtin-1"), (job.Status, job.ModelVersion));
        var metrics = (await (await lead.GetAsync($"/api/v1/workflows/{workflow}/models/builtin-1")).ReadAsync<ModelDetailResponse>()).Metrics!;
        // Both trainers ran on the same split; the version is the one with the lower validation log-loss.
        Assert.Equal(["boosted-trees", "logistic-regression"], metrics.Candidates!.Select(c => c.Trainer).Order());
        Assert.Equal(metrics.Candidates!.MinBy(c => c.ValidationLogLoss)!.Trainer, metrics.Trainer);

        var detail = await (await lead.GetAsync($"/api/v1/workflows/{workflow}/models/builtin-1")).ReadAsync<ModelDetailResponse>();
        Assert.Equal("challenger", detail.Summary.Alias);
        Assert.Equal((240, 60), (detail.Summary.TrainRows, detail.Summary.HoldoutRows));
        Assert.True(detail.Metrics!.Holdout.Accuracy > 0.9, $"holdout accuracy {detail.Metrics.Holdout.Accuracy}");
        Assert.Equal("ext-1", detail.Metrics.ChampionVersion);
        Assert.NotNull(detail.Metrics.ChampionOnHoldout);
        Assert.Equal(3, detail.Metrics.Holdout.Confusion.Length);
        Assert.Contains("human-labelled", detail.Card!.Data);

        // The challenger scores new items silently; the external model still routes.
        var random = new Random(99);
        await client.PostJsonAsync($"/api/v1/workflows/{workflow}/items", Item(random, "after-1", out _));
        var item = await (await client.GetAsync($"/api/v1/workflows/{workflow}/items/after-1")).ReadAsync<ItemResponse>();
        Assert.Equal(["ext-1", "builtin-1"], item.Predictions.Select(p => p.ModelVersion).Order(StringComparer.Ordinal).Reverse());

        // Promoted to champion, it scores items that arrive without a prediction.
        var promoted = await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts",
            new StartRolloutRequest("single", "builtin-1", "Beats ext-1 on the same holdout."));
        var rollout = await promoted.ReadAsync<StartedRollout>();
        Assert.Equal(("builtin-1", "ext-1"), (rollout.Challenger, rollout.Champion));
        await client.PostJsonAsync($"/api/v1/workflows/{workflow}/items", Item(random, "bare-1", out _, withPrediction: false));
        var bare = await (await client.GetAsync($"/api/v1/workflows/{workflow}/items/bare-1")).ReadAsync<ItemResponse>();
        Assert.Equal("builtin-1", Assert.Single(bare.Predictions).ModelVersion);
        var versions = await (await lead.GetAsync($"/api/v1/workflows/{workflow}/models")).ReadAsync<List<ModelSummaryResponse>>();
        Assert.Equal(("champion", null), (versions.Single(v => v.Version == "builtin-1").Alias, versions.Single(v => v.Version == "ext-1").Alias));
        var trail = await (await lead.GetAsync($"/api/v1/workflows/{workflow}/models/aliases")).ReadAsync<List<AliasChangeResponse>>();
        Assert.Contains(trail, c => (c.Alias, c.FromVersion, c.ToVersion) == ("champion", "ext-1", "builtin-1"));
        Assert.Contains(trail, c => (c.Alias, c.ToVersion) == ("challenger", "builtin-1"));
    }

    [Fact]
    public async Task AVersionOfThePreviousTrainerKeepsScoringAfterTheUpgrade()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var client = await api.ClientForAsync(workflow.Key);
        // As the MathNet trainer stored it: featurizer, weights class by class (d weights then the bias), temperature.
        var featurizer = Core.Models.Featurizer.Fit([new Core.Schema.FeatureField("amount", Core.Schema.FeatureType.Numeric)],
            [JsonSerializer.SerializeToElement(new { amount = 0.0 }), JsonSerializer.SerializeToElement(new { amount = 1000.0 })]);
        var legacy = new Core.Models.LinearModel(["travel", "software", "office"], featurizer, [-2, 0, 0, 2, 0, 0, 0, 0, -5], 1).Serialize();
        await api.ExecuteAsync($"""
            INSERT INTO model_versions (workflow_id, version, kind, artifact, train_rows, holdout_rows, created_by, created_at)
            SELECT id, 'builtin-legacy', 'builtin', '{legacy}', 100, 25, 'before-upgrade', now() FROM workflows WHERE key = '{workflow.Key}'
            """);
        (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/rollouts",
            new StartRolloutRequest("single", "builtin-legacy", "Trained before the upgrade."))).EnsureSuccessStatusCode();

        (await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", new IngestItemRequest("big-1",
            JsonSerializer.SerializeToElement(new { amount = 2000.0 }), null))).EnsureSuccessStatusCode();
        var item = await (await client.GetAsync($"/api/v1/workflows/{workflow.Key}/items/big-1")).ReadAsync<ItemResponse>();

        var prediction = Assert.Single(item.Predictions);
        Assert.Equal(("builtin-legacy", "software"), (prediction.ModelVersion, prediction.Label));
    }

    [Fact]
    public async Task ConcurrentTrainRequestsForOneWorkflowAreRefusedClearly()
    {
        var (workflow, _, _) = await LabelledWorkflowAsync(60);

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/models:train", new TrainRequest())));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        Assert.Contains("already queued or running", (await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict).ReadAsync<JsonElement>())
            .GetProperty("detail").GetString());
        await WaitAsync(workflow, (await responses.Single(r => r.StatusCode == HttpStatusCode.Accepted).ReadAsync<TrainingJobResponse>()).JobId);
    }

    [Fact]
    public async Task TooFewLabelsOrAnUnknownTrainerAreRefusedBeforeAJobStarts()
    {
        var (workflow, _, _) = await LabelledWorkflowAsync(10);

        var few = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/models:train", new TrainRequest());
        var unknown = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/models:train", new TrainRequest(Trainer: "deep-learning"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, few.StatusCode);
        Assert.Contains("at least 50 human labels", (await few.ReadAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("trainer", out _));
        Assert.Equal(0, await api.CountAsync($"SELECT count(*) FROM training_jobs j JOIN workflows w ON w.id = j.workflow_id WHERE w.key = '{workflow}'"));
    }

    [Fact]
    public async Task AnMlLeadCanAskForOneTrainerAndTheModelSaysWhichWon()
    {
        var (workflow, _, _) = await LabelledWorkflowAsync(200);

        var accepted = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/models:train", new TrainRequest(Trainer: "boosted-trees"));
        var job = await WaitAsync(workflow, (await accepted.ReadAsync<TrainingJobResponse>()).JobId);
        var detail = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/models/{job.ModelVersion}")).ReadAsync<ModelDetailResponse>();

        Assert.Equal("succeeded", job.Status);
        Assert.Equal("boosted-trees", detail.Metrics!.Trainer);
        Assert.Equal("boosted-trees", Assert.Single(detail.Metrics.Candidates!).Trainer);
        Assert.Contains("Gradient-boosted trees", detail.Card!.Data);
    }

    [Fact]
    public async Task AnExternalModelCannotBeChallengerAndReviewersCannotTrain()
    {
        var (workflow, _, reviewer) = await LabelledWorkflowAsync(5);

        var alias = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/models/ext-1:alias", new SetAliasRequest("challenger"));
        var train = await reviewer.PostJsonAsync($"/api/v1/workflows/{workflow}/models:train", new TrainRequest());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, alias.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, train.StatusCode);
    }
}
