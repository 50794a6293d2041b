namespace ReviewConsole.Web.Api;

/// <summary>
/// The console's one event stream needs a bearer token of its own; it borrows the most recent token
/// of a signed-in user (no separate service secret to configure). Tokens are opaque here: the stream
/// retries with a newer one when the Api refuses.
/// </summary>
public sealed class TokenPool
{
    private readonly Lock _gate = new();
    private string? _latest;

    public event Action? TokenOffered;

    public string? Latest
    {
        get
        {
            lock (_gate)
                return _latest;
        }
    }

    public void Offer(string token)
    {
        bool changed;
        lock (_gate)
        {
            changed = _latest != token;
            _latest = token;
        }
        if (changed)
            TokenOffered?.Invoke();
    }

    public void Reject(string token)
    {
        lock (_gate)
        {
            if (_latest == token)
                _latest = null;
        }
    }
}
