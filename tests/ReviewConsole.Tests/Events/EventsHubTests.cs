using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Events;

/// <summary>The hub's contract for clients in any language: bearer token, Subscribe(workflowKey), events as "event".</summary>
public sealed class EventsHubTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task ASubscribedClientReceivesTheWorkflowsEventsAsTheSseStreamCarriesThem()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var other = await api.WorkflowAsync("shadow");
        var received = Channel.CreateUnbounded<ConsoleEvent>();
        await using var hub = Connect(await TokenAsync(Roles.Reviewer));
        // The first item also registers its model version (model.registered): these tests follow the items.
        hub.On<ConsoleEvent>("event", e => { if (e.Type != EventTypes.ModelRegistered) received.Writer.TryWrite(e); });
        await hub.StartAsync();
        await hub.InvokeAsync("Subscribe", workflow.Key);

        await api.Admin.PostJsonAsync($"/api/v1/workflows/{other.Key}/items", TestItems.Item("hub-other"));
        await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("hub-1"));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var first = await received.Reader.ReadAsync(timeout.Token);
        Assert.Equal((EventTypes.ItemRouted, workflow.Key, "hub-1"), (first.Type, first.Workflow, first.ExternalId));
    }

    [Fact]
    public async Task AnEventOnOneReplicaReachesHubClientsOfAnother()
    {
        var workflow = await api.WorkflowAsync("shadow");
        await using var replica = api.NewReplica();
        var received = Channel.CreateUnbounded<ConsoleEvent>();
        await using var hub = Connect(await TokenAsync(Roles.Reviewer), replica);
        // The first item also registers its model version (model.registered): these tests follow the items.
        hub.On<ConsoleEvent>("event", e => { if (e.Type != EventTypes.ModelRegistered) received.Writer.TryWrite(e); });
        await hub.StartAsync();
        await hub.InvokeAsync("Subscribe", workflow.Key);

        await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("across-1"));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Assert.Equal("across-1", (await received.Reader.ReadAsync(timeout.Token)).ExternalId);
    }

    [Fact]
    public async Task SubscribingToAnUnknownWorkflowIsRefusedWithAReason()
    {
        await using var hub = Connect(await TokenAsync(Roles.Reviewer));
        await hub.StartAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Subscribe", "no-such-workflow"));

        Assert.Contains("No workflow 'no-such-workflow'", refused.Message);
    }

    [Fact]
    public async Task AClientWithoutATokenCannotConnect()
    {
        await using var hub = Connect(null);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => hub.StartAsync());

        Assert.Contains("401", refused.Message);
    }

    [Fact]
    public async Task TheTokenMayComeAsTheAccessTokenQueryParameterAsWebSocketClientsSendIt()
    {
        var token = await TokenAsync(Roles.Manager);

        var withQuery = await api.Anonymous().PostAsync($"/hubs/events/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(token)}", null);
        var without = await api.Anonymous().PostAsync("/hubs/events/negotiate?negotiateVersion=1", null);

        Assert.Equal(System.Net.HttpStatusCode.OK, withQuery.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, without.StatusCode);
    }

    private HubConnection Connect(string? token, Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>? host = null) => new HubConnectionBuilder()
        .WithUrl(new Uri((host ?? api.Factory).Server.BaseAddress, "hubs/events"), o =>
        {
            // The test server has no sockets: long polling through its in-memory handler.
            o.Transports = HttpTransportType.LongPolling;
            o.HttpMessageHandlerFactory = _ => (host ?? api.Factory).Server.CreateHandler();
            o.AccessTokenProvider = () => Task.FromResult(token);
        })
        .Build();

    private async Task<string> TokenAsync(string role) =>
        (await api.UserAsync(role)).DefaultRequestHeaders.Authorization!.Parameter!;
}
