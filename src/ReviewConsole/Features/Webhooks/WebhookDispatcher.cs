using System.Text;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Data;
using ReviewConsole.Infrastructure;

namespace ReviewConsole.Features.Webhooks;

/// <summary>
/// Delivers queued decisions to callback URLs with exponential backoff. Replica-safe: a delivery is
/// taken by pushing its next attempt forward in one UPDATE ... SKIP LOCKED, so only one replica sends it.
/// </summary>
internal sealed class WebhookDispatcher(IServiceScopeFactory scopes, TimeProvider time, IHttpClientFactory http, Observability.ConsoleMetrics metrics,
    ILogger<WebhookDispatcher> logger)
    : PollingWorker(scopes, time, logger)
{
    public const string HttpClientName = "webhooks";
    public const int MaxAttempts = 10;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private sealed record Due(long Id, string Url, string Payload, int Attempts);

    protected override string Activity => "Webhook dispatch";

    protected override async Task<TimeSpan> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        await DeliverDueAsync(services.GetRequiredService<ReviewDbContext>(), ct) == 0 ? PollInterval : TimeSpan.Zero;

    private async Task<int> DeliverDueAsync(ReviewDbContext db, CancellationToken ct)
    {
        var due = await db.Database.SqlQuery<Due>($"""
            UPDATE webhook_deliveries SET next_attempt_at = now() + interval '1 minute', attempts = attempts + 1
            WHERE id IN (SELECT id FROM webhook_deliveries
                         WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
                         ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED)
            RETURNING id AS "Id", url AS "Url", payload::text AS "Payload", attempts AS "Attempts"
            """).ToListAsync(ct);
        // Send in parallel (one slow receiver must not hold up the rest), then record the outcomes in order.
        var outcomes = await Task.WhenAll(due.Select(d => SendAsync(d, ct)));
        for (var i = 0; i < due.Count; i++)
        {
            await RecordAsync(db, due[i], outcomes[i], ct);
            metrics.WebhookAttempt(outcomes[i] is null ? "delivered" : due[i].Attempts >= MaxAttempts ? "failed" : "retrying");
        }
        return due.Count;
    }

    /// <summary>Null when delivered; else what went wrong.</summary>
    private async Task<string?> SendAsync(Due delivery, CancellationToken ct)
    {
        try
        {
            using var content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json");
            using var response = await http.CreateClient(HttpClientName).PostAsync(delivery.Url, content, ct);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return ex.Message;
        }
    }

    private static Task<int> RecordAsync(ReviewDbContext db, Due delivery, string? error, CancellationToken ct)
    {
        if (error is null)
            return db.Database.ExecuteSqlAsync($"UPDATE webhook_deliveries SET delivered_at = now(), last_error = NULL WHERE id = {delivery.Id}", ct);
        if (delivery.Attempts >= MaxAttempts)
            return db.Database.ExecuteSqlAsync($"UPDATE webhook_deliveries SET failed_at = now(), last_error = {error} WHERE id = {delivery.Id}", ct);
        var backoffSeconds = Math.Min(Math.Pow(2, delivery.Attempts), 3600);
        return db.Database.ExecuteSqlAsync($"""
            UPDATE webhook_deliveries SET next_attempt_at = now() + make_interval(secs => {backoffSeconds}), last_error = {error}
            WHERE id = {delivery.Id}
            """, ct);
    }
}

public static class WebhookExtensions
{
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration("Webhooks");
        builder.Services.AddHttpClient(WebhookDispatcher.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
            {
                ConnectCallback = CallbackGuard.Connect(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value),
                AllowAutoRedirect = false,
            });
        builder.Services.AddHostedService<WebhookDispatcher>();
        return builder;
    }
}
