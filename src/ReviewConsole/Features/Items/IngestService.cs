using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using ReviewConsole.Features.Dashboard;
using ReviewConsole.Features.Events;
using ReviewConsole.Features.Models;
using ReviewConsole.Features.Webhooks;
using ReviewConsole.Features.Workflows;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Core.Models;
using ReviewConsole.Core.Routing;
using ReviewConsole.Data;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Items;

/// <param name="Differs">Fields in which a repeat of an externalId differs from its first post (then nothing was stored).</param>
public sealed record IngestResult(IngestItemResponse Response, bool Created, IReadOnlyList<string>? Differs = null)
{
    public bool Conflicts => Differs is { Count: > 0 };
}

/// <summary>
/// Routes and stores items set-wise in one transaction: a repeat of an externalId gets the stored
/// answer (ON CONFLICT DO NOTHING, then a read), so nothing is ever duplicated, even under concurrency.
/// </summary>
public sealed class IngestService(ReviewDbContext db, ModelRegistry registry, TimeProvider time, Observability.ConsoleMetrics metrics)
{
    public const string ExternalModelVersion = "external";

    /// <param name="Prediction">The routing prediction: the deciding version's (see <see cref="Plan"/>); null when none had one.</param>
    /// <param name="Stored">Every prediction kept with the item, the routing one first when there is one.</param>
    /// <param name="FellBack">The canary's challenger should have decided, but the client sent no prediction of it.</param>
    private sealed record Planned(IngestItemRequest Request, PredictionInput? Prediction, RoutingDecision Decision, IReadOnlyList<PredictionInput> Stored,
        bool FellBack);

    public async Task<IReadOnlyList<IngestResult>> IngestAsync(Workflow workflow, IReadOnlyList<IngestItemRequest> requests, CancellationToken ct)
    {
        var policy = workflow.RoutingPolicy();
        var serving = await registry.ServingAsync(workflow, ct);
        var canary = serving.Challenger is null ? null : await Rollouts.CanaryState.ArmsAsync(db, workflow.Id, ct);
        var canaryPolicy = canary is null ? policy : policy with
        {
            PartialAuditRate = Math.Max(policy.PartialAuditRate, canary.AuditRate),
            FullAuditRate = Math.Max(policy.FullAuditRate, canary.AuditRate),
        };
        var planned = new Dictionary<string, Planned>(StringComparer.Ordinal);
        var inBatch = new Dictionary<int, IReadOnlyList<string>>();
        for (var index = 0; index < requests.Count; index++)
        {
            var request = requests[index];
            if (planned.TryGetValue(request.ExternalId!, out var first))
            {
                if (Differences(first.Request.Offered().ToList(), request, System.Text.Json.JsonElement.DeepEquals(first.Request.Features, request.Features),
                        request.OccurredAt is not { } at || at == first.Request.OccurredAt) is { Count: > 0 } fields)
                    inBatch[index] = fields;
                continue;
            }
            planned[request.ExternalId!] = Plan(request, serving, canary, policy, canaryPolicy);
        }

        await registry.RegisterExternalAsync(workflow, requests.SelectMany(r => r.Offered()).Select(Version), ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var created = await InsertItemsAsync(connection, workflow.Id, planned, time.GetUtcNow(), ct);
        await InsertPredictionsAsync(connection, workflow.Id, created, planned, ct);
        var taskIds = await InsertTasksAsync(connection, workflow, created, planned, canary is { Interleaves: true } ? canary.Challenger : null, ct);
        var autoDecided = created.Where(c => planned[c.Key].Decision.IsAutoDecided).Select(c => c.Value.Id).ToArray();
        if (workflow.CallbackUrl is not null)
            await WebhookOutbox.EnqueueAsync(db, autoDecided, ct);

        var answers = new Dictionary<string, IngestResult>(StringComparer.Ordinal);
        foreach (var (externalId, row) in created)
        {
            var decision = planned[externalId].Decision;
            answers[externalId] = new IngestResult(new IngestItemResponse(
                row.Id, externalId, decision.Route,
                decision.AutoLabel is { } label ? new DecisionResponse(label, DecisionSources.Model, null, row.ReceivedAt) : null,
                taskIds.TryGetValue(row.Id, out var taskId) ? taskId : null, planned[externalId].Prediction is { } p ? Version(p) : null), Created: true);
        }
        var repeats = planned.Keys.Where(k => !created.ContainsKey(k)).ToArray();
        var differing = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (existing, featuresMatch, occurredMatches, stored) in await ReadExistingAsync(connection, workflow.Id, repeats, planned, ct))
        {
            answers[existing.ExternalId] = new IngestResult(existing, Created: false);
            if (Differences(stored, planned[existing.ExternalId].Request, featuresMatch, occurredMatches) is { Count: > 0 } fields)
                differing[existing.ExternalId] = fields;
        }
        if (differing.Count > 0 || inBatch.Count > 0)
        {
            // A repeat that says something else is refused whole: nothing of this request is stored.
            await transaction.RollbackAsync(ct);
            return requests.Select((r, i) => new IngestResult(answers[r.ExternalId!].Response, Created: false,
                inBatch.GetValueOrDefault(i) ?? differing.GetValueOrDefault(r.ExternalId!))).ToList();
        }

        await Rollups.AddAsync(db, workflow.Id, created
            .GroupBy(c => planned[c.Key].Prediction is { } p ? Version(p) : "")
            .Select(g =>
            {
                var auto = g.Count(c => planned[c.Key].Decision.IsAutoDecided);
                return new HourlyDelta(workflow.Level, g.Key, ItemsReceived: g.Count(), AutoDecided: auto,
                    TasksCreated: g.Count(c => planned[c.Key].Decision.NeedsReview), LatencyBucket: 0, Decisions: auto);
            })
            .ToList(), ct);
        await PublishAsync(workflow.Key, created, planned, autoDecided.Length, ct);
        await transaction.CommitAsync(ct);
        metrics.Ingested(workflow.Key, autoDecided.Length, created.Count - autoDecided.Length);
        // A diagnostic count, after the commit: inside the transaction it would hold the rollout's row against every other ingest.
        if (canary is not null && created.Keys.Count(k => planned[k].FellBack) is > 0 and var fellBack)
            await db.Database.ExecuteSqlAsync($"UPDATE rollouts SET fallbacks = fallbacks + {fellBack} WHERE id = {canary.RolloutId}", ct);

        // Repeats inside one batch get the same answer as their first occurrence, but only the first counts as created.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return requests.Select(r => answers[r.ExternalId!] is var a && seen.Add(r.ExternalId!) ? a : a with { Created = false }).ToList();
    }

    private sealed record CreatedRow(long Id, DateTimeOffset ReceivedAt, DateTimeOffset OccurredAt);

    /// <param name="now">An item's event time when the client gives none: the console's clock (which tests may move).</param>
    private static async Task<Dictionary<string, CreatedRow>> InsertItemsAsync(
        NpgsqlConnection connection, int workflowId, Dictionary<string, Planned> planned, DateTimeOffset now, CancellationToken ct)
    {
        // One canonical order for every batch: two batches holding the same externalIds in different orders would
        // otherwise take their unique-index locks in opposite orders and deadlock.
        var values = planned.Values.OrderBy(p => p.Request.ExternalId, StringComparer.Ordinal).ToList();
        // New items join the profile builder's queue in the same statement.
        await using var command = new NpgsqlCommand("""
            WITH inserted AS (
            INSERT INTO items (workflow_id, external_id, features, received_at, occurred_at, route, status, decision_label, decision_source, decided_at)
            SELECT @workflow, t.external_id, t.features::jsonb, now(), coalesce(t.occurred_at, @now), t.route,
                   CASE WHEN t.decision_label IS NULL THEN 'pending' ELSE 'decided' END,
                   t.decision_label,
                   CASE WHEN t.decision_label IS NULL THEN NULL ELSE 'model' END,
                   CASE WHEN t.decision_label IS NULL THEN NULL ELSE now() END
            FROM unnest(@external_ids, @features, @routes, @decision_labels, @occurred_ats) WITH ORDINALITY
                 AS t(external_id, features, route, decision_label, occurred_at, ord)
            ORDER BY t.ord
            ON CONFLICT (workflow_id, external_id) DO NOTHING
            RETURNING id, external_id, received_at, occurred_at),
            queued AS (INSERT INTO profile_queue (item_id) SELECT id FROM inserted)
            SELECT id, external_id, received_at, occurred_at FROM inserted
            """, connection);
        command.Parameters.AddWithValue("workflow", workflowId);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.Add(OccurredAts(values.Select(p => p.Request.OccurredAt)));
        command.Parameters.AddWithValue("external_ids", values.Select(p => p.Request.ExternalId!).ToArray());
        command.Parameters.AddWithValue("features", values.Select(p => p.Request.Features.GetRawText()).ToArray());
        command.Parameters.AddWithValue("routes", values.Select(p => p.Decision.Route).ToArray());
        command.Parameters.Add(new NpgsqlParameter("decision_labels", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = values.Select(p => (object?)p.Decision.AutoLabel ?? DBNull.Value).ToArray(),
        });
        var created = new Dictionary<string, CreatedRow>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            created[reader.GetString(1)] = new CreatedRow(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3));
        return created;
    }

    private static async Task InsertPredictionsAsync(
        NpgsqlConnection connection, int workflowId, Dictionary<string, CreatedRow> created, Dictionary<string, Planned> planned, CancellationToken ct)
    {
        var rows = created
            .SelectMany(c => planned[c.Key] is var p
                ? p.Stored.Select((prediction, i) => (c.Value.Id, Prediction: prediction, Routing: i == 0 && p.Prediction is not null))
                : [])
            .OrderBy(r => r.Id)
            .ToList();
        if (rows.Count == 0)
            return;
        await using var command = new NpgsqlCommand("""
            INSERT INTO predictions (item_id, workflow_id, model_version, label, confidence, probabilities, used_for_routing, created_at)
            SELECT t.item_id, @workflow, t.model_version, t.label, t.confidence, t.probabilities::jsonb, t.routing, now()
            FROM unnest(@item_ids, @model_versions, @labels, @confidences, @probabilities, @routing)
                 AS t(item_id, model_version, label, confidence, probabilities, routing)
            """, connection);
        command.Parameters.AddWithValue("workflow", workflowId);
        command.Parameters.AddWithValue("item_ids", rows.Select(r => r.Id).ToArray());
        command.Parameters.AddWithValue("model_versions", rows.Select(r => Version(r.Prediction)).ToArray());
        command.Parameters.AddWithValue("labels", rows.Select(r => r.Prediction.Label!).ToArray());
        command.Parameters.AddWithValue("confidences", rows.Select(r => r.Prediction.Confidence!.Value).ToArray());
        command.Parameters.Add(new NpgsqlParameter("probabilities", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = rows.Select(r => r.Prediction.Probabilities is { } p
                ? (object)System.Text.Json.JsonSerializer.Serialize(p)
                : DBNull.Value).ToArray(),
        });
        command.Parameters.AddWithValue("routing", rows.Select(r => r.Routing).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <param name="interleaveWith">During an interleaved experiment, the challenger whose ranked labels are team-drafted with the champion's.</param>
    private static async Task<Dictionary<long, long>> InsertTasksAsync(NpgsqlConnection connection, Workflow workflow, Dictionary<string, CreatedRow> created,
        Dictionary<string, Planned> planned, string? interleaveWith, CancellationToken ct)
    {
        var rows = created
            .Select(c => (c.Value.Id, c.Value.OccurredAt, Planned: planned[c.Key]))
            .Where(r => r.Planned.Decision.NeedsReview)
            .OrderBy(r => r.Id)
            .ToList();
        var taskIds = new Dictionary<long, long>();
        if (rows.Count == 0)
            return taskIds;
        await using var command = new NpgsqlCommand("""
            INSERT INTO review_tasks (item_id, workflow_id, reason, priority, show_suggestion, model_label, model_confidence, model_version,
                                      suggestions, status, skipped_by, created_at, occurred_at)
            SELECT t.item_id, @workflow, t.reason, t.priority, t.show_suggestion, t.model_label, t.model_confidence, t.model_version,
                   t.suggestions::jsonb, 'waiting', '{}', now(), t.occurred_at
            FROM unnest(@item_ids, @reasons, @priorities, @show_suggestions, @model_labels, @model_confidences, @model_versions, @suggestions,
                        @occurred_ats) WITH ORDINALITY
                 AS t(item_id, reason, priority, show_suggestion, model_label, model_confidence, model_version, suggestions, occurred_at, ord)
            ORDER BY t.ord
            RETURNING id, item_id
            """, connection);
        command.Parameters.AddWithValue("workflow", workflow.Id);
        command.Parameters.AddWithValue("item_ids", rows.Select(r => r.Id).ToArray());
        command.Parameters.AddWithValue("reasons", rows.Select(r => r.Planned.Decision.ReviewReason!.Value.ToWire()).ToArray());
        command.Parameters.AddWithValue("priorities", rows.Select(r =>
            r.Planned.Decision.ReviewReason == RouteReason.AuditSample ? workflow.AuditPriority : 0).ToArray());
        command.Parameters.AddWithValue("show_suggestions", rows.Select(r => r.Planned.Decision.ShowSuggestion).ToArray());
        command.Parameters.Add(NullableText("model_labels", rows.Select(r => r.Planned.Prediction?.Label)));
        command.Parameters.Add(new NpgsqlParameter("model_confidences", NpgsqlDbType.Array | NpgsqlDbType.Double)
        {
            Value = rows.Select(r => r.Planned.Prediction?.Confidence is { } c ? (object)c : DBNull.Value).ToArray(),
        });
        command.Parameters.Add(NullableText("model_versions", rows.Select(r => r.Planned.Prediction is { } p ? Version(p) : null)));
        command.Parameters.Add(NullableText("suggestions", rows.Select(r => Suggestions(r.Planned, workflow.Labels, interleaveWith))));
        command.Parameters.AddWithValue("occurred_ats", rows.Select(r => r.OccurredAt).ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            taskIds[reader.GetInt64(1)] = reader.GetInt64(0);
        return taskIds;
    }

    /// <summary>
    /// Who decides an item, and with which prediction. The arm is the champion, or during a running canary the
    /// challenger for its sticky share of units. A built-in version's prediction is always the console's own score (a
    /// client cannot speak for it); an external version's is the client's prediction naming it. When the challenger's
    /// arm has no prediction of the challenger, the champion's decides, counted as a fallback. A client's single
    /// <c>prediction</c> naming no serving version (an older client, or no champion yet) decides when an external
    /// champion's is missing, as before rollouts; one naming the challenger never decides outside its share.
    /// </summary>
    private static Planned Plan(IngestItemRequest request, Serving serving, Rollouts.CanaryArms? canary, RoutingPolicy policy, RoutingPolicy canaryPolicy)
    {
        PredictionInput? Own(ServingModel? model) => model switch
        {
            null => null,
            { Model: { } builtIn } => Score(builtIn, model.Version, request),
            _ => request.Offered().FirstOrDefault(p => Version(p) == model.Version),
        };
        bool NotChallengers(PredictionInput p) => Version(p) != serving.Challenger?.Version && Version(p) != canary?.Challenger;

        var challenger = Own(serving.Challenger);
        var champion = Own(serving.Champion) ?? (serving.Champion is null
            ? request.Offered().FirstOrDefault(NotChallengers)
            : request.Predictions is null && request.Prediction is { } single && NotChallengers(single) ? single : null);
        var challengerArm = canary is not null && serving.Challenger?.Version == canary.Challenger && canary.ChallengerDecides(request);
        var decides = challengerArm ? challenger ?? champion : champion;
        var fellBack = challengerArm && challenger is null;
        ModelOpinion? opinion = decides is { Label: { } label, Confidence: { } confidence } ? new ModelOpinion(label, confidence) : null;
        // The rollout's audit rate: on the challenger's decisions in a canary, on both arms' in an A/B test.
        var decision = Router.Route(challengerArm && !fellBack || canary?.AuditsBoth == true ? canaryPolicy : policy, opinion, Random.Shared.NextDouble());
        var stored = new[] { decides, champion, challenger }.Concat(request.Offered()).OfType<PredictionInput>().DistinctBy(Version).ToList();
        return new Planned(request, decides, decision, stored, fellBack);
    }

    /// <summary>
    /// The ranked labels a task shows with its suggestion, each with the version that proposed it (stored, never shown):
    /// the routing version's top labels, or during an interleaved experiment a team-draft of the champion's and the
    /// challenger's. None where the ladder shows no suggestion (shadow, blind audits).
    /// </summary>
    private static string? Suggestions(Planned planned, IReadOnlyList<string> labels, string? interleaveWith)
    {
        if (planned is not { Decision.ShowSuggestion: true, Prediction: { Label: { } label } prediction })
            return null;
        var ranked = Core.Experiments.RankedLabels.Of(label, prediction.Probabilities, labels);
        var other = interleaveWith is null ? null : planned.Stored.FirstOrDefault(s => Version(s) == interleaveWith && Version(s) != Version(prediction));
        var list = other is { Label: { } otherLabel }
            ? Core.Experiments.TeamDraft.Interleave(ranked, Core.Experiments.RankedLabels.Of(otherLabel, other.Probabilities, labels),
                    Core.Experiments.RankedLabels.DefaultLength, Random.Shared)
                .Select(l => (l.Label, Version: l.Team == Core.Experiments.Team.Champion ? Version(prediction) : Version(other)))
            : ranked.Select(l => (Label: l, Version: Version(prediction)));
        return System.Text.Json.JsonSerializer.Serialize(list.Select((l, i) => new { label = l.Label, rank = i + 1, version = l.Version }));
    }

    private static PredictionInput Score(IScoringModel model, string version, IngestItemRequest request)
    {
        var prediction = model.Predict(request.Features);
        return new PredictionInput(prediction.Label, prediction.Confidence, prediction.Probabilities, version);
    }

    private static string Version(PredictionInput prediction) => prediction.ModelVersion ?? ExternalModelVersion;

    /// <summary>The clients' event times (null: not given), as UTC: PostgreSQL keeps microseconds, so a repeat compares there.</summary>
    private static NpgsqlParameter OccurredAts(IEnumerable<DateTimeOffset?> values) =>
        new("occurred_ats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = values.Select(v => v is { } at ? (object)at.ToUniversalTime() : DBNull.Value).ToArray() };

    private static NpgsqlParameter NullableText(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.Select(v => (object?)v ?? DBNull.Value).ToArray() };

    /// <summary>
    /// The fields in which a repeat differs from what was first posted: features (compared as JSON values, so key
    /// order and 1 vs 1.0 do not matter), its occurredAt when it gives one, and each prediction it carries, against the
    /// first post's of the same version.
    /// </summary>
    private static List<string> Differences(IReadOnlyList<PredictionInput> first, IngestItemRequest repeat, bool featuresMatch, bool occurredMatches)
    {
        var fields = new List<string>();
        if (!featuresMatch)
            fields.Add("features");
        if (!occurredMatches)
            fields.Add("occurredAt");
        var differs = repeat.Offered().Any(r => first.FirstOrDefault(f => Version(f) == Version(r)) is not { } f
            || f.Label != r.Label || f.Confidence is not { } c || r.Confidence is not { } rc || Math.Abs(c - rc) > 1e-9);
        if (differs)
            fields.Add(repeat.Predictions is null ? "prediction" : "predictions");
        return fields;
    }

    private static async Task<List<(IngestItemResponse Answer, bool FeaturesMatch, bool OccurredMatches, IReadOnlyList<PredictionInput> Predictions)>>
        ReadExistingAsync(NpgsqlConnection connection, int workflowId, string[] externalIds, Dictionary<string, Planned> planned, CancellationToken ct)
    {
        var result = new List<(IngestItemResponse, bool, bool, IReadOnlyList<PredictionInput>)>();
        if (externalIds.Length == 0)
            return result;
        await using var command = new NpgsqlCommand("""
            SELECT i.id, i.external_id, i.route, i.decision_label, i.decision_source, i.decided_by, i.decided_at,
                   (SELECT min(t.id) FROM review_tasks t WHERE t.item_id = i.id),
                   i.features = r.features::jsonb,
                   (SELECT p.model_version FROM predictions p WHERE p.item_id = i.id AND p.used_for_routing LIMIT 1),
                   (SELECT coalesce(json_agg(json_build_object('modelVersion', p.model_version, 'label', p.label, 'confidence', p.confidence)), '[]')
                    FROM predictions p WHERE p.item_id = i.id)::text,
                   r.occurred_at IS NULL OR i.occurred_at = r.occurred_at
            FROM unnest(@external_ids, @features, @occurred_ats) AS r(external_id, features, occurred_at)
            JOIN items i ON i.workflow_id = @workflow AND i.external_id = r.external_id
            """, connection);
        command.Parameters.AddWithValue("workflow", workflowId);
        command.Parameters.AddWithValue("external_ids", externalIds);
        command.Parameters.AddWithValue("features", externalIds.Select(id => planned[id].Request.Features.GetRawText()).ToArray());
        command.Parameters.Add(OccurredAts(externalIds.Select(id => planned[id].Request.OccurredAt)));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var decision = reader.IsDBNull(3)
                ? null
                : new DecisionResponse(reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.GetFieldValue<DateTimeOffset>(6));
            var stored = System.Text.Json.JsonSerializer.Deserialize<List<PredictionInput>>(reader.GetString(10), System.Text.Json.JsonSerializerOptions.Web)!;
            result.Add((new IngestItemResponse(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), decision,
                reader.IsDBNull(7) ? null : reader.GetInt64(7), reader.IsDBNull(9) ? null : reader.GetString(9)), reader.GetBoolean(8), reader.GetBoolean(11), stored));
        }
        return result;
    }

    private async Task PublishAsync(string workflowKey, Dictionary<string, CreatedRow> created, Dictionary<string, Planned> planned, int autoDecided, CancellationToken ct)
    {
        if (created.Count == 0)
            return;
        var now = DateTimeOffset.UtcNow;
        // One event per request, not per item: a 10,000-item batch must not flood every console.
        var single = created.Count == 1 ? created.First() : (KeyValuePair<string, CreatedRow>?)null;
        var routed = new ConsoleEvent(EventTypes.ItemRouted, workflowKey, now,
            ItemId: single?.Value.Id, ExternalId: single?.Key, Route: single is { } s ? planned[s.Key].Decision.Route : null, Count: created.Count);
        await db.PublishAsync(autoDecided > 0
            ? [routed, new ConsoleEvent(EventTypes.ItemDecided, workflowKey, now, ItemId: single?.Value.Id, ExternalId: single?.Key, Count: autoDecided)]
            : [routed], ct);
    }
}
