using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Data;

namespace ReviewConsole.Features.Events;

/// <summary>
/// Publishes events with PostgreSQL NOTIFY: inside a transaction an event is sent only if it commits, after it
/// commits (<see cref="EventOutbox"/>), and every replica's <see cref="EventListener"/> receives it.
/// </summary>
public static class EventPublisher
{
    public const string Channel = "review_console_events";

    public static Task PublishAsync(this ReviewDbContext db, ConsoleEvent consoleEvent, CancellationToken cancellationToken) =>
        db.PublishAsync([consoleEvent], cancellationToken);

    /// <summary>Several events in one round trip.</summary>
    public static Task PublishAsync(this ReviewDbContext db, IReadOnlyList<ConsoleEvent> events, CancellationToken cancellationToken)
    {
        var payloads = events.Select(e => JsonSerializer.Serialize(e, JsonSerializerOptions.Web)).ToArray();
        var interceptor = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<EventCommitInterceptor>().FirstOrDefault();
        if (interceptor is null)
            return db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, p) FROM unnest({payloads}) AS p", cancellationToken);
        if (db.Database.CurrentTransaction is null)
            interceptor.Outbox.Enqueue(payloads);
        else
            interceptor.Hold(db, payloads);
        return Task.CompletedTask;
    }
}
