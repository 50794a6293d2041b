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
    private readonly SemaphoreSlim _signal = new(1, 1);
    private HubConnection? _hub;

    public void Set()
    {
        if (_signal.CurrentCount == 0)
            _signal.Release();
    }

    public async Task WaitAsync(CancellationToken ct) => await _signal.WaitAsync(Fallback, ct);

    /// <summary>Connects to /hubs/events with the reviewer's bearer token and subscribes to the demo workflow.</summary>
    public async Task ConnectAsync(Uri console, string accessToken, CancellationToken ct)
    {
        _hub = new HubConnectionBuilder()
            .WithUrl(new Uri(console, "hubs/events"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken))
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
        _signal.Dispose();
    }
}
