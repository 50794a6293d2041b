using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Data;
using ReviewConsole.Features.Events;
using ReviewConsole.Features.Models;
using ReviewConsole.Infrastructure;

namespace ReviewConsole.Features.Rollouts;

public sealed class RolloutOptions
{
    /// <summary>How often running canaries are evaluated (Rollouts:EvaluateSeconds).</summary>
    public int EvaluateSeconds { get; set; } = 15;
}

/// <summary>
/// Applies each running canary's step rule by itself: advances a step when the evidence allows, promotes the
/// challenger after the last step, and rolls back (with an alert) when the challenger is credibly worse. Holds a
/// running A/B test (paused, with an alert) when its split of units mismatches the configured one. Each rollout is
/// evaluated under its workflow's rollout lock, so one replica at a time acts on it and never beside a person.
/// </summary>
internal sealed class CanaryEvaluator(IServiceScopeFactory scopes, TimeProvider time, ILogger<CanaryEvaluator> logger, IOptions<RolloutOptions> options)
    : PollingWorker(scopes, time, logger)
{
    protected override string Activity => "Canary evaluation";

    protected override async Task<TimeSpan> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<ReviewDbContext>();
        var running = await db.Rollouts.AsNoTracking()
            .Where(r => (r.Strategy == RolloutStrategies.Canary || r.Strategy == RolloutStrategies.AB) && r.Status == RolloutStatuses.Running)
            .Select(r => new { r.Id, r.WorkflowId }).ToListAsync(ct);
        foreach (var canary in running)
        {
            // One canary that cannot be evaluated must not stop the others.
            try
            {
                await using var scope = Scopes.CreateAsyncScope();
                await EvaluateAsync(scope.ServiceProvider, canary.Id, canary.WorkflowId, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Evaluating canary {Rollout} failed; it is tried again next round", canary.Id);
            }
        }
        return TimeSpan.FromSeconds(Math.Max(1, options.Value.EvaluateSeconds));
    }

    private static async Task EvaluateAsync(IServiceProvider services, long rolloutId, int workflowId, CancellationToken ct)
    {
        var db = services.GetRequiredService<ReviewDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock(hashtext('rollouts'), {workflowId}) AS \"Value\"").SingleAsync(ct);
        var rollout = locked ? await db.Rollouts.FirstOrDefaultAsync(r => r.Id == rolloutId && r.Status == RolloutStatuses.Running, ct) : null;
        if (rollout is null)
            return;
        var workflow = await db.Workflows.AsNoTracking().FirstAsync(w => w.Id == workflowId, ct);
        var now = DateTimeOffset.UtcNow;
        if (rollout.Strategy == RolloutStrategies.AB)
        {
            await HoldOnSampleRatioMismatchAsync(db, rollout, workflow, now, ct);
            await transaction.CommitAsync(ct);
            return;
        }
        var state = await CanaryState.DescribeAsync(db, rollout, workflow.Level, now, ct);
        if (state.Decision == "rollback")
            await CanaryTransitions.RollBackAsync(db, rollout, workflow.Key, CanaryTransitions.Automatic, state.Reason, now, ct);
        else if (state.Decision == "advance" && state.Step + 1 < state.Steps.Count)
        {
            await CanaryTransitions.AdvanceAsync(db, rollout, CanaryTransitions.Automatic, state.Reason, now, ct);
            await db.PublishAsync(new Contracts.Events.ConsoleEvent(Contracts.Events.EventTypes.RolloutChanged, workflow.Key, now,
                Actor: CanaryTransitions.Automatic, Label: $"{state.Steps[rollout.Step]}%"), ct);
        }
        else if (state.Decision == "advance")
        {
            // The last share has its evidence: the challenger becomes the champion, the old one warm for a rollback.
            await CanaryTransitions.PromoteAsync(db, services.GetRequiredService<ModelRegistry>(), workflow, rollout, CanaryTransitions.Automatic, state.Reason, now, ct);
            await db.PublishAsync(new Contracts.Events.ConsoleEvent(Contracts.Events.EventTypes.RolloutChanged, workflow.Key, now,
                Actor: CanaryTransitions.Automatic, Label: RolloutStatuses.Completed), ct);
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Units do not reach the arms as configured (p below 0.001): no comparison of the arms can be trusted, so the
    /// test is paused (every item to the champion) with an alert, until someone finds out why and resumes or ends it.
    /// </summary>
    private static async Task HoldOnSampleRatioMismatchAsync(ReviewDbContext db, Data.Rollouts.Rollout rollout, Data.Workflows.Workflow workflow,
        DateTimeOffset now, CancellationToken ct)
    {
        var ratio = await ExperimentState.SampleRatioAsync(db, rollout, now, ct);
        if (!ratio.Mismatch)
            return;
        var reason = $"Sample ratio mismatch: {ratio.Challenger:N0} items reached {rollout.Challenger} and {ratio.Champion:N0} {rollout.Champion}, " +
                     $"against {ratio.ExpectedChallengerShare:P0} configured (chi-square {ratio.ChiSquare:0.0}, p = {ratio.PValue:0.0e+0}). " +
                     "Units are not reaching the arms as assigned (a client dropping one arm's items?): the comparison cannot be trusted.";
        await CanaryTransitions.PauseAsync(db, rollout, CanaryTransitions.Automatic, reason, now, ct);
        db.Alerts.Add(new Data.Automation.Alert
        {
            WorkflowId = rollout.WorkflowId, Kind = Contracts.Automation.AlertKinds.Rollout, Severity = "high", CreatedAt = now,
            Message = $"A/B test of {rollout.Challenger} held: {reason}",
        });
        await db.SaveChangesAsync(ct);
        await db.PublishAsync(new Contracts.Events.ConsoleEvent(Contracts.Events.EventTypes.RolloutChanged, workflow.Key, now,
            Actor: CanaryTransitions.Automatic, Label: RolloutStatuses.Paused), ct);
        await db.PublishAsync(new Contracts.Events.ConsoleEvent(Contracts.Events.EventTypes.AlertRaised, workflow.Key, now,
            Actor: CanaryTransitions.Automatic, Label: Contracts.Automation.AlertKinds.Rollout), ct);
    }
}
