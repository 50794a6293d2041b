using Microsoft.EntityFrameworkCore;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Data;

namespace ReviewConsole.Features.Webhooks;

/// <summary>
/// Queues the decision of each decided item for its workflow's callbackUrl. Called inside the
/// transaction that decides the items, so a decision is never lost or sent without being stored.
/// </summary>
public static class WebhookOutbox
{
    /// <param name="type">item.decided, or item.corrected when a reviewer corrected the label that decided the item.</param>
    public static Task<int> EnqueueAsync(ReviewDbContext db, long[] itemIds, CancellationToken ct, string type = EventTypes.ItemDecided) =>
        itemIds.Length == 0
            ? Task.FromResult(0)
            : db.Database.ExecuteSqlAsync($"""
                INSERT INTO webhook_deliveries (workflow_id, item_id, url, payload, attempts, next_attempt_at, created_at)
                SELECT i.workflow_id, i.id, w.callback_url,
                       jsonb_build_object(
                           'type', {type}::text,
                           'workflow', w.key,
                           'itemId', i.id,
                           'externalId', i.external_id,
                           'decision', jsonb_build_object(
                               'label', i.decision_label, 'source', i.decision_source,
                               'decidedBy', i.decided_by, 'decidedAt', i.decided_at)),
                       0, now(), now()
                FROM items i JOIN workflows w ON w.id = i.workflow_id
                WHERE i.id = ANY({itemIds}) AND i.status = 'decided' AND w.callback_url IS NOT NULL
                """, ct);

    /// <summary>
    /// Queues a workflow event (no item) for the workflow's callbackUrl, inside the caller's transaction; nothing when
    /// the workflow has none. <paramref name="payload"/> is serialised as JSON beside <c>type</c> and <c>workflow</c>.
    /// </summary>
    public static Task<int> EnqueueWorkflowEventAsync(ReviewDbContext db, int workflowId, string type, object payload, CancellationToken ct)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(payload, System.Text.Json.JsonSerializerOptions.Web);
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO webhook_deliveries (workflow_id, item_id, url, payload, attempts, next_attempt_at, created_at)
            SELECT w.id, NULL, w.callback_url, jsonb_build_object('type', {type}::text, 'workflow', w.key) || {body}::jsonb, 0, now(), now()
            FROM workflows w
            WHERE w.id = {workflowId} AND w.callback_url IS NOT NULL
            """, ct);
    }
}
