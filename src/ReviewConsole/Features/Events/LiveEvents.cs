using ReviewConsole.Contracts.Events;

namespace ReviewConsole.Features.Events;

/// <summary>The process-wide fan-out of events to every open page (circuit), fed by <see cref="EventBroadcaster"/>.</summary>
public sealed class LiveEvents(ILogger<LiveEvents> logger)
{
    public event Action<ConsoleEvent>? Received;

    /// <summary>Raised when this replica's LISTEN connection to the database connects or drops.</summary>
    public event Action<bool>? ConnectionChanged;

    public bool Connected { get; private set; }

    internal void Publish(ConsoleEvent consoleEvent) => Each(Received, handler => handler(consoleEvent));

    internal void SetConnected(bool connected)
    {
        if (Connected == connected)
            return;
        Connected = connected;
        Each(ConnectionChanged, handler => handler(connected));
    }

    // Every subscriber is told, whatever another one throws: one broken page must not silence the others.
    private void Each<T>(T? handlers, Action<T> call) where T : Delegate
    {
        if (handlers is null)
            return;
        foreach (var handler in handlers.GetInvocationList().Cast<T>())
        {
            try
            {
                call(handler);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A live-event subscriber failed");
            }
        }
    }
}
