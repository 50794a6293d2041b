using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ReviewConsole.Features.Observability;

public sealed class TelemetryOptions
{
    /// <summary>Serve Prometheus' scrape endpoint (outside the API's authentication).</summary>
    public bool MetricsEnabled { get; set; } = true;

    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>How often the gauges' database reading (queues, webhook backlog, rollouts) is refreshed.</summary>
    public int SampleSeconds { get; set; } = 15;

    /// <summary>When set, a scrape must send <c>Authorization: Bearer {ScrapeKey}</c>.</summary>
    public string? ScrapeKey { get; set; }

    /// <summary>Where traces go (OTLP); none when empty, and then no spans are recorded. OTEL_EXPORTER_OTLP_ENDPOINT works too.</summary>
    public string? OtlpEndpoint { get; set; }
}

/// <summary>
/// OpenTelemetry for the host: metrics of ASP.NET Core, outgoing HTTP (webhooks), Npgsql, the runtime and the console's
/// own (<see cref="ConsoleMetrics"/>), scraped by Prometheus at /metrics; traces of the same, exported by OTLP when
/// an endpoint is configured.
/// </summary>
public static class Telemetry
{
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Telemetry").Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration("Telemetry");
        builder.Services.AddSingleton<ConsoleMetrics>();
        builder.Services.AddHostedService<MetricsSampler>();
        var otlp = options.OtlpEndpoint ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("reviewconsole"))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                    .AddMeter("Npgsql", ConsoleMetrics.MeterName);
                if (options.MetricsEnabled)
                    metrics.AddPrometheusExporter();
            });
        if (!string.IsNullOrWhiteSpace(otlp))
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddNpgsql()
                .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
        return builder;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        var options = app.Configuration.GetSection("Telemetry").Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.MetricsEnabled)
            return app;
        if (!string.IsNullOrEmpty(options.ScrapeKey))
        {
            var expected = $"Bearer {options.ScrapeKey}";
            app.Use(async (context, next) =>
            {
                if (context.Request.Path.Equals(options.MetricsPath, StringComparison.OrdinalIgnoreCase)
                    && !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                        System.Text.Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()), System.Text.Encoding.UTF8.GetBytes(expected)))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
                await next(context);
            });
        }
        app.MapPrometheusScrapingEndpoint(options.MetricsPath).AllowAnonymous();
        return app;
    }
}
