using Microsoft.EntityFrameworkCore;
using ReviewConsole.Data;
using ReviewConsole.Infrastructure;

namespace ReviewConsole.Features.Observability;

/// <summary>
/// Reads what the gauges show (queue depth and oldest waiting age per workflow, webhook backlog, running rollouts)
/// every Telemetry:SampleSeconds (15), so a scrape costs no query and a busy scraper cannot load the database.
/// </summary>
internal sealed class MetricsSampler(IServiceScopeFactory scopes, TimeProvider time, ConsoleMetrics metrics,
    Microsoft.Extensions.Options.IOptions<TelemetryOptions> options, ILogger<MetricsSampler> logger)
    : PollingWorker(scopes, time, logger)
{
    private TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, options.Value.SampleSeconds));

    protected override string Activity => "Metrics sampling";

    protected override async Task<TimeSpan> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<ReviewDbContext>();
        var queues = await db.Database.SqlQuery<QueueSample>($"""
            SELECT w.key AS "Workflow", count(t.id) AS "Waiting",
                   coalesce(extract(epoch FROM now() - min(t.created_at) FILTER (WHERE t.status = 'waiting')), 0)::double precision AS "OldestSeconds"
            FROM workflows w LEFT JOIN review_tasks t ON t.workflow_id = w.id AND t.status <> 'done'
            GROUP BY w.key
            """).ToListAsync(ct);
        var backlog = await db.Database.SqlQuery<long>(
            $"SELECT count(*) AS \"Value\" FROM webhook_deliveries WHERE delivered_at IS NULL AND failed_at IS NULL").SingleAsync(ct);
        var rollouts = await db.Database.SqlQuery<RolloutSample>($"""
            SELECT w.key AS "Workflow", r.strategy AS "Strategy", r.status AS "Status", r.step AS "Step"
            FROM rollouts r JOIN workflows w ON w.id = r.workflow_id WHERE r.ended_at IS NULL
            """).ToListAsync(ct);
        metrics.Sample = new MetricsSample(queues, backlog, rollouts);
        return Interval;
    }
}
