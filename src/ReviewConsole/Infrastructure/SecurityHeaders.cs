namespace ReviewConsole.Infrastructure;

/// <summary>
/// Response headers every answer carries: no MIME sniffing, no framing, no referrer; token answers are never
/// cached; the console's pages run under a content security policy (scripts only from this host; MudBlazor's
/// inline styles allowed; the circuit's WebSocket to this host). Kestrel's Server header is off.
/// </summary>
public static class SecurityHeaders
{
    public const string ConsolePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static WebApplicationBuilder AddSecurityHeaders(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        return builder;
    }

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            var path = context.Request.Path;
            if (path.StartsWithSegments("/api/v1/auth"))
                headers.CacheControl = "no-store";
            // The API reference page loads its own bundle and styles; the console's pages get the strict policy.
            else if (!ProblemHandling.IsApi(context.Request) && !path.StartsWithSegments("/scalar"))
                headers.ContentSecurityPolicy = ConsolePolicy;
            return next(context);
        });
        return app;
    }
}
