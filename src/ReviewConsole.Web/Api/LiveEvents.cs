using ReviewConsole.Contracts.Events;

namespace ReviewConsole.Web.Api;

/// <summary>The process-wide fan-out of Api events to every open page (circuit).</summary>
public sealed class LiveEvents
{
    public event Action<ConsoleEvent>? Received;

    /// <summary>Raised when the stream to the Api connects or drops.</summary>
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
