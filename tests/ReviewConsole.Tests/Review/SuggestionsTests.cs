using System.Text.Json;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Review;

/// <summary>Issue 13: a claimed task in assist carries the top 3 ranked labels; blind levels and audits never show any, nor which version proposed them.</summary>
public sealed class SuggestionsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static IngestItemRequest Ranked(string id) => TestItems.Item(id) with
    {
        Prediction = new PredictionInput("travel", 0.6, new Dictionary<string, double> { ["travel"] = 0.6, ["office"] = 0.3, ["software"] = 0.1 }, "m1"),
    };

    private async Task<JsonElement> ClaimAsync(string workflow, string level, string id)
    {
        await api.CountAsync($"WITH u AS (UPDATE workflows SET level = '{level}' WHERE key = '{workflow}' RETURNING 1) SELECT count(*) FROM u");
        (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/items", Ranked(id))).EnsureSuccessStatusCode();
        var reviewer = await api.UserAsync("reviewer");
        return await (await reviewer.PostAsync($"/api/v1/workflows/{workflow}/tasks:claim", null)).ReadAsync<JsonElement>();
    }

    [Fact]
    public async Task AnAssistTaskCarriesTheRankedLabelsWithoutTheirVersion()
    {
        var workflow = await api.WorkflowAsync();

        var claim = await ClaimAsync(workflow.Key, "assist", "s-1");

        var suggestions = claim.GetProperty("suggestions").EnumerateArray().ToList();
        Assert.Equal(["travel", "office", "software"], suggestions.Select(s => s.GetProperty("label").GetString()));
        Assert.Equal([1, 2, 3], suggestions.Select(s => s.GetProperty("rank").GetInt32()));
        Assert.All(suggestions, s => Assert.False(s.TryGetProperty("version", out _)));
        Assert.Equal("travel", claim.GetProperty("suggestion").GetProperty("label").GetString());
    }

    [Fact]
    public async Task AShadowTaskShowsNoSuggestionsAtAll()
    {
        var workflow = await api.WorkflowAsync("shadow");

        var claim = await ClaimAsync(workflow.Key, "shadow", "s-2");

        Assert.Equal(JsonValueKind.Null, claim.GetProperty("suggestions").ValueKind);
        Assert.Equal(JsonValueKind.Null, claim.GetProperty("suggestion").ValueKind);
    }
}
