using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace ReviewConsole.Features.Events;

/// <summary>
/// Sends events with NOTIFY after the transactions that made them commit, many per round trip. A transaction that
/// runs NOTIFY holds PostgreSQL's global notify lock from its commit until its commit record is flushed, so NOTIFY
/// inside every ingest and claim would line all of them up behind one another's fsync. Here the request transactions
/// only queue their events (<see cref="EventCommitInterceptor"/>), and this one sender notifies for all of them:
/// events still go out only for committed work, in commit order, to every replica.
/// </summary>
public sealed class EventOutbox(NpgsqlDataSource dataSource, ILogger<EventOutbox> logger) : BackgroundService
{
    private const int MaxBatch = 500;
    private readonly Channel<string> _payloads = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(IEnumerable<string> payloads)
    {
        foreach (var payload in payloads)
            _payloads.Writer.TryWrite(payload);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<string>(MaxBatch);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await _payloads.Reader.WaitToReadAsync(stoppingToken))
                    return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            while (batch.Count < MaxBatch && _payloads.Reader.TryRead(out var payload))
                batch.Add(payload);
            try
            {
                await using var command = dataSource.CreateCommand($"SELECT pg_notify('{EventPublisher.Channel}', p) FROM unnest(@payloads) AS p");
                command.Parameters.AddWithValue("payloads", batch.ToArray());
                await command.ExecuteNonQueryAsync(stoppingToken);
                batch.Clear();
            }
            catch (Exception ex) when (ex is NpgsqlException or DbException or TimeoutException)
            {
                // Live updates are hints to refresh, never the record: after a failure they are retried shortly, then dropped.
                logger.LogWarning(ex, "Could not send {Count} events; retrying once", batch.Count);
                await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (batch.Count > MaxBatch / 2)
                    batch.Clear();
            }
        }
    }
}

/// <summary>
/// Holds the events a transaction published until it commits, then hands them to the <see cref="EventOutbox"/>; a
/// rollback drops them. Events published outside a transaction go to the outbox at once.
/// </summary>
public sealed class EventCommitInterceptor(EventOutbox outbox) : DbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<string>> _pending = new();

    public EventOutbox Outbox => outbox;

    public void Hold(DbContext context, IEnumerable<string> payloads)
    {
        var pending = _pending.GetOrCreateValue(context);
        lock (pending)
            pending.AddRange(payloads);
    }

    private List<string> Take(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
            return [];
        lock (pending)
        {
            var taken = pending.ToList();
            pending.Clear();
            return taken;
        }
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        outbox.Enqueue(Take(eventData.Context));
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => outbox.Enqueue(Take(eventData.Context));

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Take(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Take(eventData.Context);

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        // Whatever an earlier transaction left (one disposed without commit or rollback) is not this one's to send.
        Take(eventData.Context);
        return ValueTask.FromResult(result);
    }
}
