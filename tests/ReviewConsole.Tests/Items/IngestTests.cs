using System.Net;
using System.Text.Json;
using ReviewConsole.Contracts.Items;

namespace ReviewConsole.Tests.Items;

public sealed class IngestTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task RepeatedExternalIdGetsTheSameAnswerAndNoDuplicate()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var client = await api.ClientForAsync(workflow.Key);

        var first = await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("a-1"));
        var again = await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("a-1"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.ReadAsync<IngestItemResponse>(), await again.ReadAsync<IngestItemResponse>());
        Assert.Equal(1, await api.CountAsync($"SELECT count(*) FROM items i JOIN workflows w ON w.id = i.workflow_id WHERE w.key = '{workflow.Key}'"));
        Assert.Equal(1, await api.CountAsync($"SELECT count(*) FROM review_tasks t JOIN workflows w ON w.id = t.workflow_id WHERE w.key = '{workflow.Key}'"));
    }

    [Fact]
    public async Task ConcurrentRepeatsOfOneExternalIdCreateOneItem()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var client = await api.ClientForAsync(workflow.Key);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("same"))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode));
        var ids = await Task.WhenAll(responses.Select(r => r.ReadAsync<IngestItemResponse>()));
        Assert.Single(ids.Select(i => (i.ItemId, i.TaskId)).Distinct());
    }

    [Fact]
    public async Task BatchAnswersOnePerItemInOrderIncludingRepeats()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var client = await api.ClientForAsync(workflow.Key);
        await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("b-3"));
        var ids = new[] { "b-5", "b-1", "b-3", "b-4", "b-1", "b-2" };

        var response = await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items:batch",
            new BatchIngestRequest(ids.Select(id => TestItems.Item(id)).ToList()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.ReadAsync<BatchIngestResponse>()).Results;
        Assert.Equal(ids, results.Select(r => r.ExternalId));
        Assert.Equal(results[1].ItemId, results[4].ItemId);
        Assert.Equal(5, results.Select(r => r.ItemId).Distinct().Count());
        Assert.Equal(5, await api.CountAsync($"SELECT count(*) FROM items i JOIN workflows w ON w.id = i.workflow_id WHERE w.key = '{workflow.Key}'"));
    }

    [Fact]
    public async Task BatchWithOneInvalidItemWritesNothingAndNamesTheField()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var client = await api.ClientForAsync(workflow.Key);
        var items = Enumerable.Range(0, 5).Select(i => TestItems.Item($"c-{i}")).ToList();
        items[3] = items[3] with { Features = JsonSerializer.SerializeToElement(new { amount = "lots" }) };

        var response = await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items:batch", new BatchIngestRequest(items));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("items[3].features.amount", out _));
        Assert.Equal(0, await api.CountAsync($"SELECT count(*) FROM items i JOIN workflows w ON w.id = i.workflow_id WHERE w.key = '{workflow.Key}'"));
    }

    [Fact]
    public async Task OversizedBatchIsRefused()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var client = await api.ClientForAsync(workflow.Key);

        var response = await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items:batch",
            new BatchIngestRequest(Enumerable.Range(0, 10_001).Select(i => TestItems.Item($"x-{i}")).ToList()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("items", out _));
    }

    [Fact]
    public async Task ItemShowsPendingThenItsDecisionWithPredictions()
    {
        var workflow = await api.WorkflowAsync("partial", threshold: 0.8);
        var client = await api.ClientForAsync(workflow.Key);
        await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("auto-1", "office", 0.97));
        await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("low-1", "office", 0.5));

        var auto = await (await client.GetAsync($"/api/v1/workflows/{workflow.Key}/items/auto-1")).ReadAsync<ItemResponse>();
        var low = await (await client.GetAsync($"/api/v1/workflows/{workflow.Key}/items/low-1")).ReadAsync<ItemResponse>();

        Assert.Equal(("decided", "office", "model"), (auto.Status, auto.Decision!.Label, auto.Decision.Source));
        Assert.Equal(("pending", null), (low.Status, low.Decision));
        Assert.Equal("m1", Assert.Single(low.Predictions).ModelVersion);
    }
}
