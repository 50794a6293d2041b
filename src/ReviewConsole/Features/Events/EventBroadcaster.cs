using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ReviewConsole.Contracts.Events;

namespace ReviewConsole.Features.Events;

/// <summary>
/// The one publisher of this replica: fans every event received through LISTEN/NOTIFY out to the console's
/// components in process (<see cref="LiveEvents"/>) and to the open server-sent-event streams.
/// </summary>
public sealed class EventBroadcaster(LiveEvents live)
{
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);
    private readonly ConcurrentDictionary<Guid, Subscriber> _subscribers = new();

    private sealed record Subscriber(string? Workflow, Channel<ConsoleEvent> Channel);

    public int SubscriberCount => _subscribers.Count;

    public void Broadcast(ConsoleEvent consoleEvent)
    {
        foreach (var subscriber in _subscribers.Values)
        {
            if (subscriber.Workflow is null || subscriber.Workflow == consoleEvent.Workflow)
                subscriber.Channel.Writer.TryWrite(consoleEvent);
        }
        live.Publish(consoleEvent);
    }

    /// <summary>The stream of one subscriber; a heartbeat every 15 s lets clients notice a dead connection.</summary>
    public async IAsyncEnumerable<SseItem<ConsoleEvent>> Subscribe(string? workflow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        // Bounded so one slow client cannot hold unbounded memory; it loses the oldest events instead.
        var channel = Channel.CreateBounded<ConsoleEvent>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
        _subscribers[id] = new Subscriber(workflow, channel);
        try
        {
            yield return Heartbeat(workflow);
            while (!cancellationToken.IsCancellationRequested)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(HeartbeatInterval);
                ConsoleEvent? next = null;
                try
                {
                    if (await channel.Reader.WaitToReadAsync(timeout.Token))
                        channel.Reader.TryRead(out next);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
                if (cancellationToken.IsCancellationRequested)
                    yield break;
                yield return next is null ? Heartbeat(workflow) : new SseItem<ConsoleEvent>(next, next.Type);
            }
        }
        finally
        {
            _subscribers.TryRemove(id, out _);
        }
    }

    private static SseItem<ConsoleEvent> Heartbeat(string? workflow) =>
        new(new ConsoleEvent(EventTypes.Heartbeat, workflow ?? "", DateTimeOffset.UtcNow), EventTypes.Heartbeat);
}
