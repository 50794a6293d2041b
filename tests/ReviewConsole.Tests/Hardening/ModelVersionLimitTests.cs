using System.Net;
using System.Text.Json;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Models;

namespace ReviewConsole.Tests.Hardening;

/// <summary>Issue 10, item 18: an API key cannot fill the model registry, and no version becomes champion by arriving.</summary>
public sealed class ModelVersionLimitTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static IngestItemRequest Item(string id, string version) =>
        new(id, JsonSerializer.SerializeToElement(new { amount = 12.5, country = "DE", description = "train" }),
            new PredictionInput("travel", 0.9, null, version));

    [Fact]
    public async Task TheFirstVersionSeenIsNotMadeChampion()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var client = await api.ClientForAsync(workflow.Key);

        (await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", Item("a-1", "first-seen"))).EnsureSuccessStatusCode();
        var models = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/models")).ReadAsync<List<ModelSummaryResponse>>();

        Assert.Null(Assert.Single(models, m => m.Version == "first-seen").Alias);
    }

    [Fact]
    public async Task NewVersionsBeyondTheHourlyAllowanceAre429AndNothingIsStored()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var client = await api.ClientForAsync(workflow.Key);
        for (var i = 0; i < 10; i++)
            (await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", Item($"v-{i}", $"v{i}"))).EnsureSuccessStatusCode();

        var single = await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", Item("over-1", "v10"));
        var batch = await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items:batch",
            new BatchIngestRequest([Item("over-2", "v3"), Item("over-3", "v11")]));
        var known = await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", Item("known-1", "v3"));

        Assert.Equal(HttpStatusCode.TooManyRequests, single.StatusCode);
        Assert.True(single.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(55), $"Retry-After {single.Headers.RetryAfter}");
        var problem = await single.ReadAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("prediction.modelVersion", out _));
        Assert.Equal(HttpStatusCode.TooManyRequests, batch.StatusCode);
        Assert.True((await batch.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("items[1].prediction.modelVersion", out _));
        Assert.Equal(HttpStatusCode.Created, known.StatusCode);
        Assert.Equal(0, await api.CountAsync($"SELECT count(*) FROM items WHERE external_id IN ('over-1', 'over-2', 'over-3')"));
        Assert.Equal(10, await api.CountAsync($"SELECT count(*) FROM model_versions m JOIN workflows w ON w.id = m.workflow_id WHERE w.key = '{workflow.Key}'"));
    }

    [Fact]
    public async Task ABatchNamingMoreNewVersionsThanAnHourAllowsIsA422NotARetry()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var client = await api.ClientForAsync(workflow.Key);

        var response = await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items:batch",
            new BatchIngestRequest(Enumerable.Range(0, 11).Select(i => Item($"many-{i}", $"m{i}")).ToList()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
        Assert.True((await response.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("items[10].prediction.modelVersion", out _));
        Assert.Equal(0, await api.CountAsync($"SELECT count(*) FROM model_versions m JOIN workflows w ON w.id = m.workflow_id WHERE w.key = '{workflow.Key}'"));
    }

    [Fact]
    public async Task ConcurrentNewVersionsNeverExceedTheAllowance()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var client = await api.ClientForAsync(workflow.Key);

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", Item($"c-{i}", $"c{i}"))));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(20, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(10, await api.CountAsync($"SELECT count(*) FROM model_versions m JOIN workflows w ON w.id = m.workflow_id WHERE w.key = '{workflow.Key}'"));
    }
}
