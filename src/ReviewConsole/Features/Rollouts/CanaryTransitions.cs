using ReviewConsole.Contracts.Automation;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Data;
using ReviewConsole.Data.Automation;
using ReviewConsole.Data.Rollouts;
using ReviewConsole.Features.Events;

namespace ReviewConsole.Features.Rollouts;

/// <summary>A canary's moves, shared by the people who act on it and the evaluator that acts by itself.</summary>
public static class CanaryTransitions
{
    public static async Task AdvanceAsync(ReviewDbContext db, Rollout rollout, string actor, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var steps = CanaryState.Settings(rollout).Steps;
        rollout.Step = Math.Min(rollout.Step + 1, steps.Count - 1);
        rollout.StepStartedAt = now;
        RolloutsApi.Record(db, rollout, "advance", actor, $"To {steps[rollout.Step]}%: {reason}", now);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Ends the canary with every later item decided by the champion; an automatic rollback raises an alert.</summary>
    public static async Task RollBackAsync(ReviewDbContext db, Rollout rollout, string workflowKey, string actor, string reason, DateTimeOffset now,
        CancellationToken ct)
    {
        rollout.Status = RolloutStatuses.RolledBack;
        rollout.EndedAt = now;
        RolloutsApi.Record(db, rollout, "rollback", actor, $"Every later item goes to {rollout.Champion}: {reason}", now);
        var automatic = actor == Automatic;
        if (automatic)
            db.Alerts.Add(new Alert
            {
                WorkflowId = rollout.WorkflowId,
                Kind = AlertKinds.Rollout,
                Severity = "high",
                Message = $"Canary of {rollout.Challenger} rolled back by itself: {reason}",
                CreatedAt = now,
            });
        await db.SaveChangesAsync(ct);
        await db.PublishAsync(new ConsoleEvent(EventTypes.RolloutChanged, workflowKey, now, Actor: actor, Label: RolloutStatuses.RolledBack), ct);
        if (automatic)
            await db.PublishAsync(new ConsoleEvent(EventTypes.AlertRaised, workflowKey, now, Actor: actor, Label: AlertKinds.Rollout), ct);
    }

    public const string Automatic = "automatic";
}
