using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Data;
using ReviewConsole.Features.Auth;

namespace ReviewConsole.Features.Events;

/// <summary>
/// The SignalR hub at /hubs/events, for clients in any language. Connect with the API's bearer token (the
/// access_token query parameter on WebSockets), invoke Subscribe(workflowKey) / Unsubscribe(workflowKey), and
/// receive every event of the subscribed workflows as the method "event", with the JSON object the
/// server-sent-event stream carries as its data. Authorized as GET /api/v1/events is.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class EventsHub(ReviewDbContext db) : Hub
{
    public const string Path = "/hubs/events";
    public const string EventMethod = "event";

    public static string Group(string workflow) => "workflow:" + workflow;

    public async Task Subscribe(string workflowKey)
    {
        if (string.IsNullOrEmpty(workflowKey) || workflowKey.Length > 64 || !Core.Schema.StorableText.IsStorable(workflowKey)
            || !await db.Workflows.AsNoTracking().AnyAsync(w => w.Key == workflowKey, Context.ConnectionAborted))
            throw new HubException($"No workflow '{Truncate(workflowKey)}'.");
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(workflowKey), Context.ConnectionAborted);
    }

    public Task Unsubscribe(string workflowKey) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(workflowKey ?? ""), Context.ConnectionAborted);

    private static string Truncate(string? value) => value is null ? "" : value.Length <= 64 ? value : value[..64] + "…";
}

/// <summary>Relays this replica's events to the hub's workflow groups, in order, without blocking the LISTEN connection.</summary>
internal sealed class EventsHubRelay(LiveEvents live, IHubContext<EventsHub> hub, ILogger<EventsHubRelay> logger) : BackgroundService
{
    private readonly System.Threading.Channels.Channel<ConsoleEvent> _pending =
        System.Threading.Channels.Channel.CreateBounded<ConsoleEvent>(new System.Threading.Channels.BoundedChannelOptions(10_000)
        {
            FullMode = System.Threading.Channels.BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        live.Received += Enqueue;
        try
        {
            await foreach (var consoleEvent in _pending.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await hub.Clients.Group(EventsHub.Group(consoleEvent.Workflow)).SendAsync(EventsHub.EventMethod, consoleEvent, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not relay {Type} to the hub", consoleEvent.Type);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            live.Received -= Enqueue;
        }
    }

    private void Enqueue(ConsoleEvent consoleEvent) => _pending.Writer.TryWrite(consoleEvent);
}
