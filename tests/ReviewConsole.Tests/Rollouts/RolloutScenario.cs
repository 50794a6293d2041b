using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Rollouts;

/// <summary><see cref="RolloutScenarios"/> on the in-process host, and a second external version beside its champion.</summary>
public static class RolloutScenario
{
    /// <summary>The client's second external version, sent beside the champion "ext".</summary>
    public const string External2 = "ext-2";

    public static IngestItemRequest Invoice(string id, double amount) => RolloutScenarios.Invoice(id, amount);

    public static Task LabelAllAsync(ApiFixture api, string workflow) => RolloutScenarios.LabelAllAsync(api.Admin, api.Factory.CreateClient, workflow);

    public static Task<(string Workflow, HttpClient Client)> WithChampionAndBuiltInAsync(ApiFixture api, string level = "shadow", bool builtInRight = true) =>
        RolloutScenarios.WithChampionAndBuiltInAsync(api.Admin, api.Factory.CreateClient, api.ConnectionString, level, builtInRight);

    /// <summary>A workflow at partial with champion "ext" and a client that has begun sending ext-2's predictions too.</summary>
    public static async Task<(string Workflow, HttpClient Client)> WithTwoExternalVersionsAsync(ApiFixture api)
    {
        var (workflow, client) = await WithChampionAndBuiltInAsync(api, "partial");
        await PostAsync(client, workflow, [Both("first-both", 100)]);
        return (workflow, client);
    }

    /// <summary>An invoice with both versions' predictions: "ext" always says travel; ext-2 knows the reviewers' rule (software above 500), or has it backwards.</summary>
    public static IngestItemRequest Both(string id, double amount, bool challengerRight = true)
    {
        var item = Invoice(id, amount);
        var right = amount > 500 ? "software" : "travel";
        var label = challengerRight ? right : right == "software" ? "travel" : "software";
        return item with { Prediction = null, Predictions = [item.Prediction, new PredictionInput(label, 0.9, null, External2)] };
    }

    public static async Task<List<IngestItemResponse>> PostAsync(HttpClient client, string workflow, IEnumerable<IngestItemRequest> items)
    {
        var response = await client.PostJsonAsync($"/api/v1/workflows/{workflow}/items:batch", new BatchIngestRequest(items.ToList()));
        response.EnsureSuccessStatusCode();
        return [.. (await response.ReadAsync<BatchIngestResponse>()).Results];
    }

    /// <summary>The workflow's latest rollout once it satisfies <paramref name="done"/>: the evaluator acts in the background.</summary>
    public static async Task<RolloutResponse> WaitForLatestAsync(ApiFixture api, string workflow, Func<RolloutResponse, bool> done)
    {
        for (var i = 0; i < 100; i++)
        {
            var latest = (await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/rollouts")).ReadAsync<List<RolloutResponse>>())[0];
            if (done(latest))
                return latest;
            await Task.Delay(200);
        }
        throw new TimeoutException("The rollout evaluator did not act within 20 s.");
    }
}
