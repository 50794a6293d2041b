using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Review;

namespace ReviewConsole.Tests.Observability;

/// <summary>
/// Prometheus scrapes /metrics without the API's authentication; the console's own metrics say what happened. Alone:
/// a process holds one host in production, but the suite holds many, and every host's meter provider listens to every
/// host's meter of the same name.
/// </summary>
[Collection(Alone.Name)]
public sealed class MetricsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static async Task<string> ScrapeUntilAsync(HttpClient client, Func<string, bool> done)
    {
        var text = "";
        for (var i = 0; i < 100 && !done(text); i++, await Task.Delay(200))
            text = await client.GetStringAsync("/metrics");
        return text;
    }

    [Fact]
    public async Task AScrapeShowsIngestRoutingQueueAndClaimLatencyPerWorkflow()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var client = await api.ClientForAsync(workflow.Key);
        (await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items:batch",
            new BatchIngestRequest(Enumerable.Range(0, 3).Select(i => TestItems.Item($"m-{i}")).ToList()))).EnsureSuccessStatusCode();
        var reviewer = await api.UserAsync("reviewer");
        var claim = await (await reviewer.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null)).ReadAsync<ClaimResponse>();
        (await reviewer.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}/label", new LabelRequest("travel", claim.LeaseToken))).EnsureSuccessStatusCode();

        var anonymous = api.Anonymous();
        var response = await anonymous.GetAsync("/metrics");
        var text = await ScrapeUntilAsync(anonymous, t => t.Contains($"reviewconsole_queue_depth{{otel_scope_name=\"ReviewConsole\",workflow=\"{workflow.Key}\"}} 2")
            && t.Contains($"route=\"review\",workflow=\"{workflow.Key}\"") && t.Contains("reviewconsole_review_label"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ours = string.Join("\n", text.Split('\n').Where(l => l.StartsWith("reviewconsole_") && !l.Contains("_bucket")));
        Assert.Contains($"reviewconsole_items_ingested_total{{otel_scope_name=\"ReviewConsole\",route=\"review\",workflow=\"{workflow.Key}\"}} 3", ours);
        Assert.Contains($"reviewconsole_queue_depth{{otel_scope_name=\"ReviewConsole\",workflow=\"{workflow.Key}\"}} 2", ours);
        Assert.Contains($"reviewconsole_review_claim_duration_milliseconds_count{{otel_scope_name=\"ReviewConsole\",workflow=\"{workflow.Key}\"}} 1", ours);
        Assert.Contains("reviewconsole_review_label_duration_milliseconds_bucket", text);
        Assert.Contains("http_server_request_duration_seconds_bucket", text);
        Assert.Contains("db_client_operation_duration", text);
    }

    [Fact]
    public async Task AScrapeKeyKeepsStrangersOut()
    {
        await using var factory = api.NewReplica().WithWebHostBuilder(b => b.UseSetting("Telemetry:ScrapeKey", "s3cret-scrape"));
        var client = factory.CreateClient();

        var without = await client.GetAsync("/metrics");
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "s3cret-scrape");
        var with = await client.GetAsync("/metrics");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), (without.StatusCode, with.StatusCode));
    }
}

/// <summary>Test classes that must not share the process with others running at the same time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Alone
{
    public const string Name = "alone";
}
