using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReviewConsole.Data;

namespace ReviewConsole.Features.Drift;

/// <summary>Evaluates every workflow's drift on a schedule (default windows) and raises alerts when severity rises.</summary>
internal sealed class DriftMonitor(IServiceScopeFactory scopes, IOptions<DriftOptions> options, ILogger<DriftMonitor> logger) : BackgroundService
{
    // One replica evaluates at a time; the others skip that round.
    private const long LockKey = 0x5245_5649_4557_4446;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(5, options.Value.EvaluateSeconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<ReviewDbContext>();
                await using var transaction = await db.Database.BeginTransactionAsync(stoppingToken);
                if (!await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({LockKey}) AS \"Value\"").SingleAsync(stoppingToken))
                    continue;
                foreach (var workflow in await db.Workflows.AsNoTracking().ToListAsync(stoppingToken))
                {
                    var windows = await DriftWindowResolver.ResolveAsync(db, workflow, new DriftWindowQuery(), stoppingToken);
                    var report = await DriftReports.BuildAsync(db, workflow, windows, Slots.Whole(windows.CurrentStart, windows.CurrentEnd), stoppingToken);
                    foreach (var kind in await DriftReports.AlertIfRisenAsync(db, workflow, report, stoppingToken))
                        logger.LogWarning("{Kind} alert for {Workflow}: {Severity}", kind, workflow.Key,
                            kind == Contracts.Automation.AlertKinds.Drift ? report.Overall : report.Agreement.Severity);
                }
                await transaction.CommitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Drift evaluation failed; trying again next round");
            }
        }
    }
}
