using Microsoft.EntityFrameworkCore;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Data;
using ReviewConsole.Data.Automation;
using ReviewConsole.Data.Rollouts;
using ReviewConsole.Data.Workflows;
using ReviewConsole.Features.Events;
using ReviewConsole.Features.Models;

namespace ReviewConsole.Features.Rollouts;

/// <summary>A rollout's moves, shared by the people who act on it and the canary evaluator that acts by itself.</summary>
public static class CanaryTransitions
{
    /// <summary>
    /// Ends the rollout by making its challenger the champion; the replaced champion stays warm for the rollout's
    /// rollback window. <paramref name="workflow"/> is read under the rollout lock (its champion is the one replaced).
    /// </summary>
    public static async Task PromoteAsync(ReviewDbContext db, ModelRegistry registry, Workflow workflow, Rollout rollout, string actor, string reason,
        DateTimeOffset now, CancellationToken ct)
    {
        var version = await db.ModelVersions.AsNoTracking().FirstAsync(m => m.WorkflowId == workflow.Id && m.Version == rollout.Challenger, ct);
        rollout.Champion = workflow.ChampionModelId is { } id ? await db.ModelVersions.Where(m => m.Id == id).Select(m => m.Version).FirstAsync(ct) : null;
        rollout.Status = RolloutStatuses.Completed;
        rollout.EndedAt = now;
        rollout.RollbackUntil = now.AddMinutes(CanaryState.Request(rollout)?.RollbackWindowMinutes ?? RolloutsApi.DefaultRollbackWindowMinutes);
        RolloutsApi.Record(db, rollout, "promote", actor, $"{rollout.Challenger} replaces {rollout.Champion} as champion: {reason}", now);
        await db.SaveChangesAsync(ct);
        await registry.SetAliasAsync(workflow, ModelAliases.Champion, version, actor, ct);
    }

    public static async Task AdvanceAsync(ReviewDbContext db, Rollout rollout, string actor, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var steps = CanaryState.Settings(rollout).Steps;
        rollout.Step = Math.Min(rollout.Step + 1, steps.Count - 1);
        rollout.StepStartedAt = now;
        RolloutsApi.Record(db, rollout, "advance", actor, $"To {steps[rollout.Step]}%: {reason}", now);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Every item goes to the champion until the canary or A/B test resumes.</summary>
    public static async Task PauseAsync(ReviewDbContext db, Rollout rollout, string actor, string reason, DateTimeOffset now, CancellationToken ct)
    {
        rollout.Status = RolloutStatuses.Paused;
        RolloutsApi.Record(db, rollout, "pause", actor, $"Every item goes to {rollout.Champion} until it resumes: {reason}", now);
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
        {
            await db.PublishAsync(new ConsoleEvent(EventTypes.AlertRaised, workflowKey, now, Actor: actor, Label: AlertKinds.Rollout), ct);
            // The services that post items learn it too: their model's version stopped deciding.
            await Webhooks.WebhookOutbox.EnqueueWorkflowEventAsync(db, rollout.WorkflowId, EventTypes.RolloutChanged, new
            {
                Rollout = new
                {
                    rollout.Id, rollout.Strategy, rollout.Status, rollout.Challenger, rollout.Champion, Actor = actor, Reason = reason, At = now,
                },
            }, ct);
        }
    }

    public const string Automatic = "automatic";
}
