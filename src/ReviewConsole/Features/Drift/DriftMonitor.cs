using ReviewConsole.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReviewConsole.Data;

namespace ReviewConsole.Features.Drift;

/// <summary>
/// Evaluates every workflow's drift on a schedule (default windows: the last Drift:MonitorMinutes against the default
/// reference) and raises alerts when severity rises.
/// </summary>
internal sealed class DriftMonitor(IServiceScopeFactory scopes, TimeProvider time, IOptions<DriftOptions> options, DriftWindowResolver resolver,
    Observability.ConsoleMetrics metrics, ILogger<DriftMonitor> logger)
    : PollingWorker(scopes, time, logger)
{
    // One replica evaluates at a time; the others skip that round.
    private const long LockKey = 0x5245_5649_4557_4446;

    protected override string Activity => "Drift evaluation";

    protected override async Task<TimeSpan> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(5, options.Value.EvaluateSeconds));
        var db = services.GetRequiredService<ReviewDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // One replica evaluates per round; the others skip it.
        if (!await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({LockKey}) AS \"Value\"").SingleAsync(ct))
            return interval;
        foreach (var workflow in await db.Workflows.AsNoTracking().ToListAsync(ct))
        {
            var windows = await resolver.ResolveAsync(db, workflow, new DriftWindowQuery(), ct);
            var report = await DriftReports.BuildAsync(db, workflow, windows, Slots.Whole(windows.CurrentStart, windows.CurrentEnd), ct);
            metrics.DriftSeverity(workflow.Key, Core.Wire.TryParse<Core.Drift.DriftSeverity>(report.Overall, out var overall) ? (int)overall : 0);
            foreach (var kind in await DriftReports.AlertIfRisenAsync(db, workflow, report, resolver.Now, ct))
                logger.LogWarning("{Kind} alert for {Workflow}: {Severity}", kind, workflow.Key,
                    kind == Contracts.Automation.AlertKinds.Drift ? report.Overall : report.Agreement.Severity);
        }
        await transaction.CommitAsync(ct);
        return interval;
    }
}
