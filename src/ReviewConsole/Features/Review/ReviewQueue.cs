using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Features.Dashboard;
using ReviewConsole.Features.Events;
using ReviewConsole.Features.Items;
using ReviewConsole.Features.Observability;
using ReviewConsole.Features.Webhooks;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Review;
using ReviewConsole.Core.Routing;
using ReviewConsole.Core.Statistics;
using ReviewConsole.Data;
using ReviewConsole.Data.Review;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Review;

public enum LeaseOutcome
{
    Done,
    NotFound,
    LeaseLost,
}

/// <summary>
/// The human review queue. Every write that depends on a lease is one conditional UPDATE checked by
/// rows affected, so two reviewers can never both own, label or release the same task.
/// </summary>
public sealed class ReviewQueue(ReviewDbContext db, ConsoleMetrics metrics)
{
    public const int NextPreviewSize = 10;

    /// <summary>
    /// Returns the reviewer's live lease if they hold one (a reload), else leases the next task of the queue in serving
    /// order: the general queue, or the escalation queue that ML leads and admins work (escalated items never go back
    /// to the general queue).
    /// </summary>
    public async Task<ClaimResponse?> ClaimAsync(Workflow workflow, string user, bool escalations, CancellationToken ct)
    {
        var started = ConsoleMetrics.Start();
        // One statement, one round trip: renew the reviewer's live lease if there is one, else lease the next task, and
        // answer with the task and its item from what the UPDATE returned (a later read would cost a round trip).
        // An expired lease is claimable at once: the queue never waits for a cleanup job.
        var claimed = await db.Database.SqlQuery<Claimed>($"""
            WITH own AS (
                UPDATE review_tasks SET lease_expires_at = now() + make_interval(secs => {workflow.LeaseSeconds})
                WHERE id = (SELECT id FROM review_tasks
                            WHERE workflow_id = {workflow.Id} AND status = 'leased' AND leased_by = {user} AND lease_expires_at > now()
                            ORDER BY id LIMIT 1)
                RETURNING id, item_id, lease_token, lease_expires_at, reason, escalation_note, show_suggestion, model_label, model_confidence,
                          model_version, suggestions, true AS renewed, false AS expired),
            picked AS (
                SELECT id, status = 'leased' AS expired FROM review_tasks
                WHERE workflow_id = {workflow.Id} AND status <> 'done'
                  AND (status = 'waiting' OR lease_expires_at <= now())
                  AND (reason = 'escalation') = {escalations}
                  AND NOT ({user} = ANY (skipped_by))
                  AND NOT EXISTS (SELECT 1 FROM own)
                ORDER BY priority DESC, created_at, id
                LIMIT 1
                FOR UPDATE SKIP LOCKED),
            leased AS (
                UPDATE review_tasks t
                SET status = 'leased', lease_token = gen_random_uuid(), leased_by = {user},
                    lease_expires_at = now() + make_interval(secs => {workflow.LeaseSeconds})
                FROM picked WHERE t.id = picked.id
                RETURNING t.id, t.item_id, t.lease_token, t.lease_expires_at, t.reason, t.escalation_note, t.show_suggestion, t.model_label,
                          t.model_confidence, t.model_version, t.suggestions, false AS renewed, picked.expired)
            SELECT c.id AS "Id", c.item_id AS "ItemId", c.lease_token AS "LeaseToken", c.lease_expires_at AS "LeaseExpiresAt", c.reason AS "Reason",
                   c.escalation_note AS "EscalationNote", c.show_suggestion AS "ShowSuggestion", c.model_label AS "ModelLabel",
                   c.model_confidence AS "ModelConfidence", c.model_version AS "ModelVersion", c.suggestions::text AS "Suggestions",
                   c.renewed AS "Renewed", c.expired AS "Expired",
                   i.external_id AS "ExternalId", i.features::text AS "Features", i.received_at AS "ReceivedAt"
            FROM (SELECT * FROM own UNION ALL SELECT * FROM leased) c JOIN items i ON i.id = c.item_id
            """).ToListAsync(ct);
        if (claimed is not [var task])
            return null;
        if (!task.Renewed)
            await db.PublishAsync(new ConsoleEvent(EventTypes.TaskClaimed, workflow.Key, DateTimeOffset.UtcNow, TaskId: task.Id, Actor: user), ct);
        metrics.Claimed(workflow.Key, Stopwatch.GetElapsedTime(started), task.Expired);
        return new ClaimResponse(
            task.Id,
            task.LeaseToken,
            task.LeaseExpiresAt,
            workflow.Key,
            task.Reason,
            task.EscalationNote,
            new ReviewItemResponse(task.ItemId, task.ExternalId, JsonDocument.Parse(task.Features).RootElement, task.ReceivedAt),
            // The ladder decides visibility when the task is made: never in shadow, never in a blind audit.
            task.ShowSuggestion && task.ModelLabel is { } label
                ? new SuggestionResponse(label, task.ModelConfidence ?? 0, task.ModelVersion ?? IngestService.ExternalModelVersion)
                : null,
            task.ShowSuggestion && task.Suggestions is { } ranked
                ? JsonSerializer.Deserialize<List<RankedSuggestionResponse>>(ranked, JsonSerializerOptions.Web)
                : null);
    }

    /// <summary>A claimed task and its item, as the claim statement returns them.</summary>
    private sealed record Claimed(long Id, long ItemId, Guid LeaseToken, DateTimeOffset LeaseExpiresAt, string Reason, string? EscalationNote,
        bool ShowSuggestion, string? ModelLabel, double? ModelConfidence, string? ModelVersion, string? Suggestions, bool Renewed, bool Expired,
        string ExternalId, string Features, DateTimeOffset ReceivedAt);

    public async Task<(LeaseOutcome Outcome, bool DecidedItem)> LabelAsync(ReviewTask task, Workflow workflow, string label, Guid leaseToken, string user, CancellationToken ct)
    {
        var started = ConsoleMetrics.Start();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var labeled = await UpdateHeldAsync(task, leaseToken, user, ct,
            "status = 'done', label = {0}, labeled_by = {1}, labeled_at = now(), lease_token = NULL", label, user);
        if (labeled == 0)
            return (LeaseOutcome.LeaseLost, false);

        // An audit leaves the model's decision in place (it measures it); every other task decides the item.
        var decided = await db.Items
            .Where(i => i.Id == task.ItemId && i.Status == ItemStatuses.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, ItemStatuses.Decided)
                .SetProperty(i => i.DecisionLabel, label)
                .SetProperty(i => i.DecisionSource, DecisionSources.Human)
                .SetProperty(i => i.DecidedBy, user)
                .SetProperty(i => i.DecidedAt, DateTimeOffset.UtcNow), ct) == 1;
        var now = DateTimeOffset.UtcNow;
        await db.PublishAsync(new ConsoleEvent(EventTypes.TaskLabeled, workflow.Key, now, task.ItemId, TaskId: task.Id, Actor: user, Label: label), ct);
        var latencyBucket = 0;
        if (decided)
        {
            await WebhookOutbox.EnqueueAsync(db, [task.ItemId], ct);
            await db.PublishAsync(new ConsoleEvent(EventTypes.ItemDecided, workflow.Key, now, task.ItemId, Actor: user, Label: label, Count: 1), ct);
            var receivedAt = await db.Items.Where(i => i.Id == task.ItemId).Select(i => i.ReceivedAt).FirstAsync(ct);
            latencyBucket = LatencyHistogram.BucketOf((now - receivedAt).TotalSeconds);
        }
        bool compared = task.ModelLabel is not null, agreed = task.ModelLabel == label, audit = task.Reason == RouteReason.AuditSample.ToWire();
        await Rollups.AddReviewerLabelAsync(db, workflow.Id, user, ct);
        await Rollups.AddAsync(db, workflow.Id,
        [
            new HourlyDelta(workflow.Level, task.ModelVersion ?? "", HumanDecided: decided ? 1 : 0, TasksDone: 1,
                Compared: compared ? 1 : 0, Agreed: compared && agreed ? 1 : 0, Audits: audit ? 1 : 0, AuditsAgreed: audit && agreed ? 1 : 0,
                LatencyBucket: latencyBucket, Decisions: decided ? 1 : 0),
        ], ct);
        await transaction.CommitAsync(ct);
        metrics.Labelled(workflow.Key, Stopwatch.GetElapsedTime(started));
        return (LeaseOutcome.Done, decided);
    }

    /// <summary>
    /// Replaces the reviewer's own label within the correction window: the correction is kept beside the original,
    /// the item's decision follows when it was this label, agreement counts move with it, and item.corrected goes out
    /// (and to the webhook when the decision changed). Null when the task is not this reviewer's, not labelled, the
    /// window has closed or the label is the same (the caller says which).
    /// </summary>
    public async Task<CorrectionResponse?> CorrectAsync(ReviewTask task, Workflow workflow, string label, string user, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var previous = await db.Database.SqlQuery<string>($"""
            UPDATE review_tasks t SET label = {label}
            FROM (SELECT id, label FROM review_tasks WHERE id = {task.Id} FOR UPDATE) old
            WHERE t.id = old.id AND t.status = 'done' AND t.labeled_by = {user} AND t.label <> {label}
              AND t.labeled_at > now() - make_interval(secs => {CorrectionResponse.CorrectionWindowSeconds})
            RETURNING old.label AS "Value"
            """).ToListAsync(ct);
        if (previous.Count == 0)
            return null;
        var from = previous[0];
        var now = DateTimeOffset.UtcNow;
        var decisionChanged = await db.Items
            .Where(i => i.Id == task.ItemId && i.Status == ItemStatuses.Decided && i.DecisionSource == DecisionSources.Human
                        && i.DecidedBy == user && i.DecisionLabel == from)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.DecisionLabel, label), ct) == 1;
        db.LabelCorrections.Add(new LabelCorrection
        {
            TaskId = task.Id, ItemId = task.ItemId, WorkflowId = workflow.Id, FromLabel = from, ToLabel = label, Actor = user, At = now,
        });
        await db.SaveChangesAsync(ct);
        if (task.ModelLabel is { } model)
        {
            var agreedDelta = (model == label ? 1 : 0) - (model == from ? 1 : 0);
            var audit = task.Reason == RouteReason.AuditSample.ToWire();
            if (agreedDelta != 0)
                await Rollups.AddAsync(db, workflow.Id,
                    [new HourlyDelta(workflow.Level, task.ModelVersion ?? "", Agreed: agreedDelta, AuditsAgreed: audit ? agreedDelta : 0)], ct);
        }
        if (decisionChanged)
            await WebhookOutbox.EnqueueAsync(db, [task.ItemId], ct, EventTypes.ItemCorrected);
        await db.PublishAsync(new ConsoleEvent(EventTypes.ItemCorrected, workflow.Key, now, task.ItemId, TaskId: task.Id, Actor: user, Label: label), ct);
        await transaction.CommitAsync(ct);
        return new CorrectionResponse(task.Id, task.ItemId, from, label, decisionChanged, now);
    }

    public Task<LeaseOutcome> ReleaseAsync(ReviewTask task, string workflowKey, Guid leaseToken, string user, CancellationToken ct) =>
        ReturnToQueueAsync(task, workflowKey, user, ct, UpdateHeldAsync(task, leaseToken, user, ct, Returned));

    /// <summary>Back to the queue, and never offered to this reviewer again.</summary>
    public Task<LeaseOutcome> SkipAsync(ReviewTask task, string workflowKey, Guid leaseToken, string user, CancellationToken ct) =>
        ReturnToQueueAsync(task, workflowKey, user, ct, UpdateHeldAsync(task, leaseToken, user, ct,
            Returned + ", skipped_by = array_append(skipped_by, {0})", user));

    /// <summary>Into the escalation queue, for an ML lead or admin, with the reviewer's note.</summary>
    public Task<LeaseOutcome> EscalateAsync(ReviewTask task, Workflow workflow, Guid leaseToken, string user, string? note, CancellationToken ct) =>
        ReturnToQueueAsync(task, workflow.Key, user, ct, UpdateHeldAsync(task, leaseToken, user, ct,
            Returned + ", skipped_by = array_append(skipped_by, {0}), reason = {1}, priority = {2}, escalation_note = {3}",
            user, RouteReason.Escalation.ToWire(), workflow.EscalationPriority, note));

    public async Task<DateTimeOffset?> RenewAsync(ReviewTask task, int leaseSeconds, Guid leaseToken, string user, CancellationToken ct)
    {
        var expiries = await db.Database.SqlQuery<DateTimeOffset>(Held(task, leaseToken, user,
            "lease_expires_at = now() + make_interval(secs => {0})", [leaseSeconds], returning: "lease_expires_at AS \"Value\"")).ToListAsync(ct);
        return expiries.Count == 1 ? expiries[0] : null;
    }

    private const string Returned = "status = 'waiting', lease_token = NULL, leased_by = NULL, lease_expires_at = NULL";

    private Task<int> UpdateHeldAsync(ReviewTask task, Guid leaseToken, string user, CancellationToken ct, string set, params object?[] arguments) =>
        db.Database.ExecuteSqlAsync(Held(task, leaseToken, user, set, arguments), ct);

    /// <summary>
    /// The one lease condition every lease-dependent write carries: the task is still leased, under this token, to
    /// this reviewer, and the lease has not run out by the database's clock. Rows affected tell whether it held.
    /// </summary>
    private static FormattableString Held(ReviewTask task, Guid leaseToken, string user, string set, object?[] arguments, string? returning = null)
    {
        var n = arguments.Length;
        var sql = $"UPDATE review_tasks SET {set} WHERE id = {{{n}}} AND status = 'leased' AND lease_token = {{{n + 1}}} " +
                  $"AND leased_by = {{{n + 2}}} AND lease_expires_at > now()" + (returning is null ? "" : $" RETURNING {returning}");
        return FormattableStringFactory.Create(sql, [.. arguments, task.Id, leaseToken, user]);
    }

    public async Task<QueueSnapshot> SnapshotAsync(Workflow workflow, CancellationToken ct)
    {
        var open = db.ReviewTasks.AsNoTracking().Where(t => t.WorkflowId == workflow.Id && t.Status != TaskStatuses.Done);
        var escalation = RouteReason.Escalation.ToWire();
        var allWaiting = open.Where(t => t.Status == TaskStatuses.Waiting || t.LeaseExpiresAt <= DateTimeOffset.UtcNow);
        var waiting = allWaiting.Where(t => t.Reason != escalation);
        var count = await waiting.CountAsync(ct);
        var escalated = await allWaiting.CountAsync(t => t.Reason == escalation, ct);
        var reviewers = await open
            .Where(t => t.Status == TaskStatuses.Leased && t.LeaseExpiresAt > DateTimeOffset.UtcNow)
            .OrderBy(t => t.LeasedBy)
            .Select(t => new ReviewerActivity(t.LeasedBy!, t.Id, t.LeaseExpiresAt!.Value))
            .ToListAsync(ct);
        var next = await waiting
            .OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Take(NextPreviewSize)
            .Select(t => new QueuedTaskResponse(t.Id, t.Item!.ExternalId, t.Reason, t.Priority, t.CreatedAt))
            .ToListAsync(ct);
        return new QueueSnapshot(count, reviewers.Count, reviewers, next, escalated);
    }

    private async Task<LeaseOutcome> ReturnToQueueAsync(ReviewTask task, string workflowKey, string user, CancellationToken ct, Task<int> update)
    {
        if (await update == 0)
            return LeaseOutcome.LeaseLost;
        await db.PublishAsync(new ConsoleEvent(EventTypes.TaskReleased, workflowKey, DateTimeOffset.UtcNow, task.ItemId, TaskId: task.Id, Actor: user), ct);
        return LeaseOutcome.Done;
    }
}
