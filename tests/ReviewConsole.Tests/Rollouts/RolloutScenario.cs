using System.Net;
using System.Text.Json;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Review;
using ReviewConsole.Contracts.Rollouts;

namespace ReviewConsole.Tests.Rollouts;

/// <summary>The setting the rollout tests and pages share: a champion, a built-in challenger, reviewers who label by a rule.</summary>
public static class RolloutScenario
{
    public static IngestItemRequest Invoice(string id, double amount) =>
        new(id, JsonSerializer.SerializeToElement(new { amount, country = amount > 700 ? "FR" : "DE" }), new PredictionInput("travel", 0.9, null, "ext"));

    /// <summary>Reviewers label by the rule the built-in version knows: software above 500, travel below.</summary>
    public static async Task LabelAllAsync(ApiFixture api, string workflow)
    {
        var reviewer = await api.UserAsync(Roles.Reviewer);
        while (await reviewer.PostAsync($"/api/v1/workflows/{workflow}/tasks:claim", null) is { StatusCode: HttpStatusCode.OK } claimed)
        {
            var task = await claimed.ReadAsync<ClaimResponse>();
            var label = task.Item.Features.GetProperty("amount").GetDouble() > 500 ? "software" : "travel";
            await reviewer.PostJsonAsync($"/api/v1/tasks/{task.TaskId}/label", new LabelRequest(label, task.LeaseToken));
        }
    }

    /// <summary>
    /// A shadow-level workflow whose champion is the external "ext" (always says travel; deployed on 31 labelled items)
    /// and a built-in "builtin-1" that knows the reviewers' rule (software above 500).
    /// </summary>
    /// <param name="level">At partial, every decision is audited (so a canary's evidence comes fast) and all are auto-decided.</param>
    /// <param name="builtInRight">False: builtin-1 has the rule backwards and is wrong on every item.</param>
    public static async Task<(string Workflow, HttpClient Client)> WithChampionAndBuiltInAsync(ApiFixture api, string level = "shadow", bool builtInRight = true)
    {
        var workflow = (level == "partial"
            ? await api.WorkflowAsync("partial", threshold: 0.3, queue: new Contracts.Workflows.WorkflowQueueSettings(PartialAuditRate: 1.0))
            : await api.WorkflowAsync(level)).Key;
        await api.ExecuteAsync($"UPDATE workflows SET slice_feature = 'country' WHERE key = '{workflow}'");
        var client = await api.ClientForAsync(workflow);
        (await client.PostJsonAsync($"/api/v1/workflows/{workflow}/items:batch",
            new BatchIngestRequest(Enumerable.Range(0, 31).Select(i => Invoice($"before-{i}", 100 + i * 10)).ToList()))).EnsureSuccessStatusCode();
        await LabelAllAsync(api, workflow);
        (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts",
            new StartRolloutRequest("single", "ext", "The client's model."))).EnsureSuccessStatusCode();
        var featurizer = Core.Models.Featurizer.Fit([new Core.Schema.FeatureField("amount", Core.Schema.FeatureType.Numeric)],
            [JsonSerializer.SerializeToElement(new { amount = 0.0 }), JsonSerializer.SerializeToElement(new { amount = 1000.0 })]);
        double[] weights = builtInRight ? [-2, 0, 0, 2, 0, 0, 0, 0, -5] : [2, 0, 0, -2, 0, 0, 0, 0, -5];
        var artifact = new Core.Models.LinearModel(["travel", "software", "office"], featurizer, weights, 1).Serialize();
        await api.ExecuteAsync($"""
            INSERT INTO model_versions (workflow_id, version, kind, artifact, train_rows, holdout_rows, created_by, created_at)
            SELECT id, 'builtin-1', 'builtin', '{artifact}', 100, 25, 'test', now() FROM workflows WHERE key = '{workflow}'
            """);
        return (workflow, client);
    }

}
