using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Review;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Contracts.Workflows;
using ReviewConsole.Core.Models;
using ReviewConsole.Core.Schema;

namespace ReviewConsole.Testing;

/// <summary>
/// The setting the rollout tests share, in process or against the published console: a champion ("ext", an external
/// model that always says travel, deployed on 31 reviewer-checked items), a built-in "builtin-1" that knows (or has
/// backwards) the reviewers' rule, software above 500, travel below; and reviewers who label by that rule.
/// </summary>
public static class RolloutScenarios
{
    public static IngestItemRequest Invoice(string id, double amount) =>
        new(id, JsonSerializer.SerializeToElement(new { amount, country = amount > 700 ? "FR" : "DE" }), new PredictionInput("travel", 0.9, null, "ext"));

    public static async Task LabelAllAsync(HttpClient admin, Func<HttpClient> create, string workflow)
    {
        var name = $"r{Guid.NewGuid():N}"[..12];
        await ApiSession.CreateUserAsync(admin, name, "reviewer");
        var reviewer = await ApiSession.SignInAsync(create, name, ApiSession.UserPassword);
        while (await reviewer.PostAsync($"/api/v1/workflows/{workflow}/tasks:claim", null) is { StatusCode: HttpStatusCode.OK } claimed)
        {
            var task = (await claimed.Content.ReadFromJsonAsync<ClaimResponse>(JsonSerializerOptions.Web))!;
            var label = task.Item.Features.GetProperty("amount").GetDouble() > 500 ? "software" : "travel";
            await reviewer.PostAsJsonAsync($"/api/v1/tasks/{task.TaskId}/label", new LabelRequest(label, task.LeaseToken), JsonSerializerOptions.Web);
        }
    }

    /// <param name="level">At partial every decision is auto-made and audited, so a canary's evidence comes fast.</param>
    /// <returns>The workflow and a model client holding its API key.</returns>
    public static async Task<(string Workflow, HttpClient Client)> WithChampionAndBuiltInAsync(HttpClient admin, Func<HttpClient> create,
        string connectionString, string level = "shadow", bool builtInRight = true)
    {
        var request = ApiSession.Workflow(ApiSession.NewKey("ro"), level, threshold: level == "partial" ? 0.3 : null,
            queue: level == "partial" ? new WorkflowQueueSettings(PartialAuditRate: 1.0) : null);
        var workflow = (await ApiSession.CreateWorkflowAsync(admin, request)).Key;
        var client = create();
        client.DefaultRequestHeaders.Add("X-Api-Key", await ApiSession.CreateApiKeyAsync(admin, workflow));
        (await client.PostAsJsonAsync($"/api/v1/workflows/{workflow}/items:batch",
            new BatchIngestRequest(Enumerable.Range(0, 31).Select(i => Invoice($"before-{i}", 100 + i * 10)).ToList()), JsonSerializerOptions.Web))
            .EnsureSuccessStatusCode();
        await LabelAllAsync(admin, create, workflow);
        (await admin.PostAsJsonAsync($"/api/v1/workflows/{workflow}/rollouts",
            new StartRolloutRequest("single", "ext", "The client's model."), JsonSerializerOptions.Web)).EnsureSuccessStatusCode();
        var featurizer = Featurizer.Fit([new FeatureField("amount", FeatureType.Numeric)],
            [JsonSerializer.SerializeToElement(new { amount = 0.0 }), JsonSerializer.SerializeToElement(new { amount = 1000.0 })]);
        double[] weights = builtInRight ? [-2, 0, 0, 2, 0, 0, 0, 0, -5] : [2, 0, 0, -2, 0, 0, 0, 0, -5];
        var artifact = new LinearModel(["travel", "software", "office"], featurizer, weights, 1).Serialize();
        await TestPostgres.ExecuteAsync(connectionString, $"""
            INSERT INTO model_versions (workflow_id, version, kind, artifact, train_rows, holdout_rows, created_by, created_at)
            SELECT id, 'builtin-1', 'builtin', '{artifact}', 100, 25, 'test', now() FROM workflows WHERE key = '{workflow}'
            """);
        return (workflow, client);
    }
}
