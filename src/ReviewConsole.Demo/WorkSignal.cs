using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using ReviewConsole.Contracts.Events;

namespace ReviewConsole.Demo;

/// <summary>
/// "There may be work": set by the console's events hub when an item is routed to review or a task returns to
/// the queue, and by the reviewer itself after each label. A five-minute fallback covers a hub that is down.
/// </summary>
public sealed class WorkSignal : IAsyncDisposable
{
    private static readonly TimeSpan Fallback = TimeSpan.FromMinutes(5);
    // One slot: any number of signals while the reviewer is busy fold into one wake-up, from any thread.
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private HubConnection? _hub;

    public void Set() => _signal.Writer.TryWrite(true);

    public async Task WaitAsync(CancellationToken ct)
    {
        using var fallback = CancellationTokenSource.CreateLinkedTokenSource(ct);
        fallback.CancelAfter(Fallback);
        try
        {
            await _signal.Reader.ReadAsync(fallback.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Connects to /hubs/events as the reviewer (signing in again on each reconnect) and subscribes to the demo workflow.</summary>
    public async Task ConnectAsync(Uri console, Func<Task<string>> signIn, CancellationToken ct)
    {
        _hub = new HubConnectionBuilder()
            .WithUrl(new Uri(console, "hubs/events"), o => o.AccessTokenProvider = async () => await signIn())
            .WithAutomaticReconnect()
            .Build();
        _hub.On<ConsoleEvent>("event", e =>
        {
            if (e.Type is EventTypes.ItemRouted or EventTypes.TaskReleased or EventTypes.AutomationChanged)
                Set();
        });
        _hub.Reconnected += async _ =>
        {
            await _hub.InvokeAsync("Subscribe", DemoSeeder.WorkflowKey, ct);
            Set();
        };
        await _hub.StartAsync(ct);
        await _hub.InvokeAsync("Subscribe", DemoSeeder.WorkflowKey, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null)
            await _hub.DisposeAsync();
    }
}
