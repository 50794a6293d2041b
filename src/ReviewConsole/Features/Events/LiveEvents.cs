using ReviewConsole.Contracts.Events;

namespace ReviewConsole.Features.Events;

/// <summary>The process-wide fan-out of events to every open page (circuit), fed by <see cref="EventBroadcaster"/>.</summary>
public sealed class LiveEvents
{
    public event Action<ConsoleEvent>? Received;

    /// <summary>Raised when this replica's LISTEN connection to the database connects or drops.</summary>
    public event Action<bool>? ConnectionChanged;

    public bool Connected { get; private set; }

    internal void Publish(ConsoleEvent consoleEvent) => Received?.Invoke(consoleEvent);

    internal void SetConnected(bool connected)
    {
        if (Connected == connected)
            return;
        Connected = connected;
        ConnectionChanged?.Invoke(connected);
    }
}
