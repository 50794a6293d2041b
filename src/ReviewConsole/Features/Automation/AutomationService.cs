using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Features.Events;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Core.Ladder;
using ReviewConsole.Data;
using ReviewConsole.Data.Automation;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Automation;

public sealed record LevelChange(
    Workflow Workflow, AutomationLevel From, AutomationLevel To, double? Threshold, string Actor, string Justification,
    bool Forced, bool Automatic, GateEvaluation? Evidence, GuardrailCheck Guardrail);

/// <summary>
/// Moves a workflow on the ladder: one conditional UPDATE (so concurrent changes cannot both win),
/// the append-only history row with the evidence, the open tasks' suggestion visibility, and the event.
/// </summary>
public sealed class AutomationService(ReviewDbContext db, ILogger<AutomationService> logger)
{
    public const string GuardrailActor = "guardrail";

    public async Task<bool> ApplyAsync(LevelChange change, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var from = change.From.ToWire();
        var updated = await db.Workflows
            .Where(w => w.Id == change.Workflow.Id && w.Level == from)
            .ExecuteUpdateAsync(s => s
                .SetProperty(w => w.Level, change.To.ToWire())
                .SetProperty(w => w.Threshold, change.Threshold), ct);
        if (updated == 0)
            return false;

        await ReviseOpenTasksAsync(change, ct);
        db.AutomationChanges.Add(new AutomationChange
        {
            WorkflowId = change.Workflow.Id,
            FromLevel = from,
            ToLevel = change.To.ToWire(),
            Threshold = change.Threshold,
            Actor = change.Actor,
            Justification = change.Justification,
            Forced = change.Forced,
            Automatic = change.Automatic,
            Evidence = JsonSerializer.Serialize(new EvidenceSnapshot(
                change.Evidence?.Gates.Select(g => g.ToContract()).ToList() ?? [],
                ToContract(change.Guardrail, change.From),
                change.Workflow.GateSettings().ToRequest(AutomationApi.Criticality(change.Workflow))), JsonSerializerOptions.Web),
            At = DateTimeOffset.UtcNow,
        });
        var now = DateTimeOffset.UtcNow;
        if (change.Automatic)
        {
            db.Alerts.Add(new Alert
            {
                WorkflowId = change.Workflow.Id,
                Kind = AlertKinds.Guardrail,
                Severity = "high",
                Message = $"Demoted from {from} to {change.To.ToWire()}: {change.Justification}",
                CreatedAt = now,
            });
        }
        await db.SaveChangesAsync(ct);
        await db.PublishAsync(new ConsoleEvent(EventTypes.AutomationChanged, change.Workflow.Key, now, Actor: change.Actor, Label: change.To.ToWire()), ct);
        if (change.Automatic)
            await db.PublishAsync(new ConsoleEvent(EventTypes.AlertRaised, change.Workflow.Key, now, Actor: change.Actor, Label: AlertKinds.Guardrail), ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>After an audit: if the recent audits show the model is worse than allowed, demote one level.</summary>
    public async Task CheckGuardrailAsync(int workflowId, CancellationToken ct)
    {
        var workflow = await db.Workflows.AsNoTracking().FirstAsync(w => w.Id == workflowId, ct);
        if (!Wire.TryParse<AutomationLevel>(workflow.Level, out var level) || !Guardrail.Applies(level))
            return;
        var criticality = Wire.TryParse<Criticality>(workflow.Criticality, out var stored) ? stored : Criticality.Medium;
        var check = await EvidenceQuery.GuardrailAsync(db, workflow, workflow.GateSettings(), criticality, ct);
        if (!check.Tripped)
            return;
        var justification = $"{check.Agreed} of the last {check.Audits} audits agreed with the model; precision's upper bound " +
                            $"{check.PrecisionUpper:P1} is below the floor {check.Floor:P1}.";
        if (await ApplyAsync(new LevelChange(workflow, level, level - 1, workflow.Threshold, GuardrailActor, justification,
                Forced: false, Automatic: true, Evidence: null, check), ct))
            logger.LogWarning("Guardrail demoted workflow {Workflow} from {Level}: {Why}", workflow.Key, workflow.Level, justification);
    }

    public static GuardrailResponse ToContract(GuardrailCheck check, AutomationLevel level) =>
        new(check.Audits, check.Agreed, check.PrecisionUpper, check.Floor, check.Tripped, Guardrail.Applies(level));

    /// <summary>
    /// Reviewers see a level change at once: open shadow tasks start showing suggestions when assist begins;
    /// waiting tasks hide them again on a demotion below assist (leased ones were already seen).
    /// </summary>
    private Task<int> ReviseOpenTasksAsync(LevelChange change, CancellationToken ct)
    {
        if (change.From <= AutomationLevel.Shadow && change.To >= AutomationLevel.Assist)
            return db.Database.ExecuteSqlAsync($"""
                UPDATE review_tasks SET reason = 'assist', show_suggestion = (model_label IS NOT NULL)
                WHERE workflow_id = {change.Workflow.Id} AND status <> 'done' AND reason = 'shadow'
                """, ct);
        if (change.From >= AutomationLevel.Assist && change.To <= AutomationLevel.Shadow)
            return db.Database.ExecuteSqlAsync($"""
                UPDATE review_tasks SET reason = {change.To.ToWire()}, show_suggestion = false
                WHERE workflow_id = {change.Workflow.Id} AND status = 'waiting' AND reason IN ('assist', 'low_confidence')
                """, ct);
        return Task.FromResult(0);
    }
}

/// <param name="Settings">Every gate value the change was judged by (defaults with the workflow's overrides then).</param>
public sealed record EvidenceSnapshot(IReadOnlyList<GateResponse> Gates, GuardrailResponse Guardrail, GateSettingsRequest? Settings = null);
