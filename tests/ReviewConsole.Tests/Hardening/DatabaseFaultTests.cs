using System.Net;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Hardening;

/// <summary>Issue 10, items 9 and 10: conflicts and outages get an answer a client can act on, never a 500.</summary>
public sealed class DatabaseFaultTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task BatchesWithTheSameItemsInOppositeOrdersNeverFail()
    {
        var workflow = await api.WorkflowAsync();
        var client = await api.ClientForAsync(workflow.Key);
        var failures = new List<HttpStatusCode>();
        for (var round = 0; round < 10; round++)
        {
            var ids = Enumerable.Range(0, 200).Select(i => $"r{round}-{i:D3}").ToList();
            var forward = new BatchIngestRequest([.. ids.Select(id => TestItems.Item(id))]);
            var backward = new BatchIngestRequest([.. ids.AsEnumerable().Reverse().Select(id => TestItems.Item(id))]);

            var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
                client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items:batch", i % 2 == 0 ? forward : backward)));

            failures.AddRange(answers.Where(a => !a.IsSuccessStatusCode && a.StatusCode != HttpStatusCode.ServiceUnavailable).Select(a => a.StatusCode));
        }

        Assert.Empty(failures);
        Assert.Equal(2000, await api.CountAsync($"SELECT count(*) FROM items i JOIN workflows w ON w.id = i.workflow_id WHERE w.key = '{workflow.Key}'"));
    }
}

/// <summary>Has a database of its own, which it cuts off.</summary>
public sealed class DatabaseOutageApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task WhileTheDatabaseIsDownCallsAnswer503WithRetryAfterAndRecoverAtOnce()
    {
        await api.WorkflowAsync();

        await TestPostgres.SetConnectionsAllowedAsync(api.ConnectionString, false);
        HttpResponseMessage during;
        try
        {
            during = await api.Admin.GetAsync("/api/v1/workflows");
        }
        finally
        {
            await TestPostgres.SetConnectionsAllowedAsync(api.ConnectionString, true);
        }
        var after = await api.Admin.GetAsync("/api/v1/workflows");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.NotNull(during.Headers.RetryAfter);
        Assert.Equal("application/problem+json", during.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
