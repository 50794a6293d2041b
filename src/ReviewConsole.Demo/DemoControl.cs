using System.Net;

namespace ReviewConsole.Demo;

/// <summary>
/// A tiny loopback control endpoint, so the console's drift panel can make the demo's traffic drift:
/// POST /drift?on=true|false, GET /drift. The product Api knows nothing of it.
/// </summary>
public sealed class DemoControl(int port) : IDisposable
{
    private readonly HttpListener _listener = new();
    private volatile bool _drifting;

    public bool Drifting => _drifting;

    public void Start(CancellationToken ct)
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested && _listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                Handle(context);
            }
        }, ct);
    }

    private void Handle(HttpListenerContext context)
    {
        if (context.Request.Url?.AbsolutePath != "/drift")
        {
            context.Response.StatusCode = 404;
        }
        else
        {
            if (context.Request.HttpMethod == "POST" && bool.TryParse(context.Request.QueryString["on"], out var on) && on != _drifting)
            {
                _drifting = on;
                Console.WriteLine(on
                    ? "demo: drift injected: amounts x1.8 and a new country (US) in 30% of invoices"
                    : "demo: drift stopped; traffic is back to the reference distribution");
            }
            using var writer = new StreamWriter(context.Response.OutputStream);
            context.Response.ContentType = "application/json";
            writer.Write($"{{\"drifting\":{(_drifting ? "true" : "false")}}}");
        }
        context.Response.Close();
    }

    public void Dispose() => _listener.Close();
}
