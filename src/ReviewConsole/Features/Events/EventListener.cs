using System.Text.Json;
using Npgsql;
using ReviewConsole.Contracts.Events;

namespace ReviewConsole.Features.Events;

/// <summary>Holds this replica's LISTEN connection and hands every notification to the broadcaster.</summary>
internal sealed class EventListener(NpgsqlDataSource dataSource, EventBroadcaster broadcaster, LiveEvents live, ILogger<EventListener> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Dispatch(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {EventPublisher.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                delay = TimeSpan.FromMilliseconds(250);
                live.SetConnected(true);
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                live.SetConnected(false);
                logger.LogWarning(ex, "Event listener lost its database connection; reconnecting in {Delay}", delay);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    private void Dispatch(string payload)
    {
        try
        {
            if (JsonSerializer.Deserialize<ConsoleEvent>(payload, JsonSerializerOptions.Web) is { } consoleEvent)
                broadcaster.Broadcast(consoleEvent);
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Ignored a malformed event payload");
        }
    }
}
