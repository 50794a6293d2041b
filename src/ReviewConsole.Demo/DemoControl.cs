using System.Net;

namespace ReviewConsole.Demo;

/// <summary>
/// A tiny loopback control endpoint, so the console can steer the demo's traffic: POST /drift?on=true|false and
/// GET /drift (the drift panel); POST /next-model?mode=off|better|worse and GET /next-model (the rollouts page: a
/// second external model version whose predictions are sent beside the first's). The product API knows nothing of it.
/// </summary>
public sealed class DemoControl(int port) : IDisposable
{
    private readonly HttpListener _listener = new();
    private volatile bool _drifting;
    private volatile int _next;

    public bool Drifting => _drifting;

    public NextModel Next => (NextModel)_next;

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
        var post = context.Request.HttpMethod == "POST";
        string? body = context.Request.Url?.AbsolutePath switch
        {
            "/drift" => Drift(post, context.Request.QueryString["on"]),
            "/next-model" => NextModelSwitch(post, context.Request.QueryString["mode"]),
            _ => null,
        };
        if (body is null)
        {
            context.Response.StatusCode = 404;
        }
        else
        {
            using var writer = new StreamWriter(context.Response.OutputStream);
            context.Response.ContentType = "application/json";
            writer.Write(body);
        }
        context.Response.Close();
    }

    private string Drift(bool post, string? value)
    {
        if (post && bool.TryParse(value, out var on) && on != _drifting)
        {
            _drifting = on;
            Console.WriteLine(on
                ? "demo: drift injected: amounts x1.8 and a new country (US) in 30% of invoices"
                : "demo: drift stopped; traffic is back to the reference distribution");
        }
        return $"{{\"drifting\":{(_drifting ? "true" : "false")}}}";
    }

    private string NextModelSwitch(bool post, string? value)
    {
        if (post && Enum.TryParse<NextModel>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode) && mode != Next)
        {
            _next = (int)mode;
            Console.WriteLine(mode == NextModel.Off
                ? $"demo: {InvoiceGenerator.NextModelVersion} is no longer sent"
                : $"demo: sending {InvoiceGenerator.NextModelVersion} beside {InvoiceGenerator.ModelVersion}; it is right " +
                  $"{InvoiceGenerator.NextModelAccuracy(mode):P0} of the time ({mode.ToString().ToLowerInvariant()} than 89%)");
        }
        return $"{{\"mode\":\"{Next.ToString().ToLowerInvariant()}\",\"version\":\"{InvoiceGenerator.NextModelVersion}\"}}";
    }

    public void Dispose() => _listener.Close();
}
