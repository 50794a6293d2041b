using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Data;

namespace ReviewConsole.Api.Events;

/// <summary>
/// Publishes events with PostgreSQL NOTIFY on the caller's connection: inside a transaction the event
/// is sent only if it commits, and every replica's <see cref="EventListener"/> receives it.
/// </summary>
public static class EventPublisher
{
    public const string Channel = "review_console_events";

    public static Task PublishAsync(this ReviewDbContext db, ConsoleEvent consoleEvent, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Serialize(consoleEvent, JsonSerializerOptions.Web);
        return db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", cancellationToken);
    }
}
