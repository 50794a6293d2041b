using System.Collections.Concurrent;
using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Contracts.Review;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Events;

public sealed class EventsAndWebhooksTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task TheEventStreamCarriesRoutingClaimAndLabelEvents()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var client = await api.ClientForAsync(workflow.Key);
        var reviewer = await api.UserAsync("reviewer");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stream = await api.Admin.GetStreamAsync($"/api/v1/events?workflow={workflow.Key}", cancel.Token);
        var received = new List<string>();
        var reader = Task.Run(async () =>
        {
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancel.Token))
            {
                if (item.EventType == EventTypes.Heartbeat)
                    continue;
                received.Add(item.EventType);
                if (item.EventType == EventTypes.ItemDecided)
                    return;
            }
        }, cancel.Token);
        await Task.Delay(300);

        await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("e-1"));
        var claim = await (await reviewer.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null)).ReadAsync<ClaimResponse>();
        await reviewer.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}/label", new LabelRequest("travel", claim.LeaseToken));
        await reader;

        // The item's prediction names a version the workflow had not seen: it registers first.
        Assert.Equal([EventTypes.ModelRegistered, EventTypes.ItemRouted, EventTypes.TaskClaimed, EventTypes.TaskLabeled, EventTypes.ItemDecided], received);
    }

    [Fact]
    public async Task TheDecisionIsPostedToTheCallbackUrlWithRetries()
    {
        var deliveries = new ConcurrentQueue<JsonElement>();
        var attempts = 0;
        await using var receiver = await StartReceiverAsync(async context =>
        {
            // The first attempt fails: the dispatcher must retry.
            if (Interlocked.Increment(ref attempts) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            deliveries.Enqueue(await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body));
        });
        var workflow = await api.WorkflowAsync("shadow", callbackUrl: $"{receiver.Urls.First()}/hook");
        var client = await api.ClientForAsync(workflow.Key);
        var reviewer = await api.UserAsync("reviewer");

        await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("w-1"));
        var claim = await (await reviewer.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null)).ReadAsync<ClaimResponse>();
        await reviewer.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}/label", new LabelRequest("software", claim.LeaseToken));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (deliveries.IsEmpty && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        var delivered = Assert.Single(deliveries);
        Assert.Equal("w-1", delivered.GetProperty("externalId").GetString());
        Assert.Equal("software", delivered.GetProperty("decision").GetProperty("label").GetString());
        Assert.Equal("human", delivered.GetProperty("decision").GetProperty("source").GetString());
        Assert.True(attempts >= 2);
    }

    [Fact]
    public async Task HealthAndReadinessAnswer()
    {
        var client = api.Anonymous();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
    }

    private static async Task<WebApplication> StartReceiverAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{TestPostgres.FreePort()}");
        var app = builder.Build();
        app.MapPost("/hook", handler);
        await app.StartAsync();
        return app;
    }
}
