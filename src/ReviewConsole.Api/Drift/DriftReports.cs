using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Api.Events;
using ReviewConsole.Api.Workflows;
using ReviewConsole.Contracts.Drift;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Core.Drift;
using ReviewConsole.Core.Schema;
using ReviewConsole.Data;
using ReviewConsole.Data.Automation;
using ReviewConsole.Data.Drift;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Api.Drift;

/// <summary>Builds drift reports from stored profiles, and raises a drift alert when a workflow's severity rises.</summary>
public static class DriftReports
{
    public const string AlertKind = "drift";

    public static async Task<DriftReportResponse> BuildAsync(ReviewDbContext db, Workflow workflow, DateTimeOffset referenceStart, DateTimeOffset referenceEnd,
        DateTimeOffset currentStart, DateTimeOffset currentEnd, CancellationToken ct)
    {
        var reference = await ProfilesAsync(db, workflow.Id, referenceStart, referenceEnd, ct);
        var current = await ProfilesAsync(db, workflow.Id, currentStart, currentEnd, ct);
        var features = workflow.Fields().Where(f => f.Type != FeatureType.ImageUrl)
            .Append(new FeatureField(ProfileBuilder.PredictionFeature, FeatureType.Categorical))
            .Append(new FeatureField(ProfileBuilder.ConfidenceFeature, FeatureType.Numeric))
            .ToList();
        var comparisons = features.Select(f => ProfileComparison.Compare(f.Name, f.Type,
                reference.Profiles.GetValueOrDefault(f.Name) ?? new FeatureProfile(), current.Profiles.GetValueOrDefault(f.Name) ?? new FeatureProfile()) with
            {
                Kind = f.Name == ProfileBuilder.PredictionFeature ? "prediction" : f.Name == ProfileBuilder.ConfidenceFeature ? "confidence" : KindOf(f.Type),
            })
            .ToList();
        var assessed = DriftAssessment.Assess(comparisons, reference.Items, current.Items);
        return new DriftReportResponse(
            workflow.Key,
            new DriftWindow(referenceStart, referenceEnd, reference.Items),
            new DriftWindow(currentStart, currentEnd, current.Items),
            DriftAssessment.Overall(assessed).ToString().ToLowerInvariant(),
            assessed.Select(a => new FeatureDriftResponse(a.Feature, a.Kind, a.Psi, a.Statistic, a.PValue, a.AdjustedPValue,
                a.Severity.ToString().ToLowerInvariant(), a.Reason)).ToList(),
            await PerformanceAsync(db, workflow.Id, currentStart, currentEnd, ct));
    }

    public static async Task<FeatureDistributionResponse?> DistributionAsync(ReviewDbContext db, Workflow workflow, string feature,
        DateTimeOffset referenceStart, DateTimeOffset referenceEnd, DateTimeOffset currentStart, DateTimeOffset currentEnd, CancellationToken ct)
    {
        var type = feature switch
        {
            ProfileBuilder.PredictionFeature => FeatureType.Categorical,
            ProfileBuilder.ConfidenceFeature => FeatureType.Numeric,
            _ => workflow.Fields().FirstOrDefault(f => f.Name == feature)?.Type,
        };
        if (type is not { } known || known == FeatureType.ImageUrl)
            return null;
        var reference = await ProfilesAsync(db, workflow.Id, referenceStart, referenceEnd, ct);
        var current = await ProfilesAsync(db, workflow.Id, currentStart, currentEnd, ct);
        var shares = ProfileComparison.Shares(known, reference.Profiles.GetValueOrDefault(feature) ?? new FeatureProfile(),
            current.Profiles.GetValueOrDefault(feature) ?? new FeatureProfile());
        return new FeatureDistributionResponse(feature, KindOf(known), shares.Select(s => new DistributionShare(s.Label, s.Reference, s.Current)).ToList());
    }

    /// <summary>Below this many items in a cell, a PSI is mostly noise: the cell stays empty.</summary>
    public const int MinimumCellItems = 30;

    public static async Task<DriftHeatmapResponse> HeatmapAsync(ReviewDbContext db, Workflow workflow, DateTimeOffset referenceStart, DateTimeOffset referenceEnd,
        DateTimeOffset currentStart, DateTimeOffset currentEnd, int slots, TimeSpan bucket, CancellationToken ct)
    {
        // A slot narrower than a profile bucket would hold whole buckets or nothing.
        slots = (int)Math.Clamp(Math.Floor((currentEnd - currentStart) / bucket), 1, slots);
        var reference = await ProfilesAsync(db, workflow.Id, referenceStart, referenceEnd, ct);
        var features = workflow.Fields().Where(f => f.Type != FeatureType.ImageUrl)
            .Append(new FeatureField(ProfileBuilder.PredictionFeature, FeatureType.Categorical))
            .Append(new FeatureField(ProfileBuilder.ConfidenceFeature, FeatureType.Numeric))
            .ToList();
        var width = (currentEnd - currentStart) / slots;
        var starts = Enumerable.Range(0, slots).Select(i => currentStart + width * i).ToList();
        var psi = features.Select(_ => new double?[slots]).ToList();
        var rows = await RowsAsync(db, workflow.Id, currentStart, currentEnd, ct);
        for (var s = 0; s < slots; s++)
        {
            var (slotStart, slotEnd) = (starts[s], starts[s] + width);
            var slot = Merge(rows.Where(r => r.Bucket >= slotStart && r.Bucket < slotEnd));
            for (var f = 0; f < features.Count; f++)
            {
                if (slot.Items < MinimumCellItems || slot.Profiles.GetValueOrDefault(features[f].Name) is not { } profile
                    || reference.Profiles.GetValueOrDefault(features[f].Name) is not { } baseline)
                    continue;
                psi[f][s] = ProfileComparison.Compare(features[f].Name, features[f].Type, baseline, profile).Psi;
            }
        }
        return new DriftHeatmapResponse(starts, features.Select(f => f.Name).ToList(), psi.Select(row => (IReadOnlyList<double?>)row).ToList());
    }

    /// <summary>The built-in champion's training window, else the 7 days before the current window.</summary>
    public static async Task<(DateTimeOffset, DateTimeOffset)> DefaultReferenceAsync(ReviewDbContext db, Workflow workflow, DateTimeOffset currentStart, CancellationToken ct) =>
        await ChampionWindowAsync(db, workflow, ct) ?? (currentStart - DriftApi.DefaultReference, currentStart);

    /// <summary>
    /// Raises a drift alert (stored, and a drift.alert event) when the overall severity is moderate or worse and no open
    /// drift alert already has that severity: alerts mark a rise, they do not repeat while nobody acknowledged the last.
    /// </summary>
    public static async Task<bool> AlertIfRisenAsync(ReviewDbContext db, DriftReportResponse report, CancellationToken ct)
    {
        if (!Enum.TryParse<DriftSeverity>(report.Overall, ignoreCase: true, out var severity) || severity == DriftSeverity.None)
            return false;
        var workflow = await db.Workflows.AsNoTracking().FirstAsync(w => w.Key == report.Workflow, ct);
        var open = await db.Alerts.AsNoTracking()
            .Where(a => a.WorkflowId == workflow.Id && a.Kind == AlertKind && a.AcknowledgedAt == null)
            .Select(a => a.Severity).ToListAsync(ct);
        if (open.Any(s => Enum.TryParse<DriftSeverity>(s, true, out var existing) && existing >= severity))
            return false;
        var drifted = report.Features.Where(f => f.Severity != "none")
            .Select(f => $"{f.Feature} (PSI {f.Psi:0.00}, {f.Severity})");
        db.Alerts.Add(new Alert
        {
            WorkflowId = workflow.Id,
            Kind = AlertKind,
            Severity = report.Overall,
            Message = $"Drift in {string.Join(", ", drifted)} between the reference ({report.Reference.Items:N0} items) and the current window ({report.Current.Items:N0} items).",
            CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync(ct);
        await db.PublishAsync(new ConsoleEvent(EventTypes.DriftAlert, workflow.Key, DateTimeOffset.UtcNow, Label: report.Overall), ct);
        return true;
    }

    internal static string KindOf(FeatureType type) => type switch
    {
        FeatureType.Numeric => "numeric",
        FeatureType.Text => "text",
        _ => "categorical",
    };

    internal sealed record Window(Dictionary<string, FeatureProfile> Profiles, long Items);

    internal static async Task<Window> ProfilesAsync(ReviewDbContext db, int workflowId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        Merge(await RowsAsync(db, workflowId, from, to, ct));

    private static Task<List<FeatureProfileRow>> RowsAsync(ReviewDbContext db, int workflowId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        db.FeatureProfiles.AsNoTracking().Where(p => p.WorkflowId == workflowId && p.Bucket >= from && p.Bucket < to).ToListAsync(ct);

    internal static Window Merge(IEnumerable<FeatureProfileRow> rows)
    {
        var merged = new Dictionary<string, FeatureProfile>();
        var items = new Dictionary<string, long>();
        foreach (var row in rows)
        {
            var profile = merged.TryGetValue(row.Feature, out var existing) ? existing : merged[row.Feature] = new FeatureProfile();
            profile.Merge(new FeatureProfile { Counts = JsonSerializer.Deserialize<Dictionary<string, long>>(row.Counts)! });
            items[row.Feature] = items.GetValueOrDefault(row.Feature) + row.Items;
        }
        return new Window(merged, items.Values.DefaultIfEmpty(0).Max());
    }

    internal static async Task<(DateTimeOffset, DateTimeOffset)?> ChampionWindowAsync(ReviewDbContext db, Workflow workflow, CancellationToken ct)
    {
        if (workflow.ChampionModelId is not { } id)
            return null;
        var window = await db.ModelVersions.AsNoTracking().Where(m => m.Id == id && m.Kind == ModelKinds.BuiltIn)
            .Select(m => new { m.TrainedFrom, m.TrainedTo }).FirstOrDefaultAsync(ct);
        return window is { TrainedFrom: { } from, TrainedTo: { } to } && from < to ? (from, to.AddTicks(1)) : null;
    }

    internal sealed record Estimate(double? Expected, long AutoDecided, long Audits, long Agreed);

    /// <summary>Expected accuracy of the current auto-decisions from their confidences, beside what the audits measured.</summary>
    internal static async Task<PerformanceEstimate> PerformanceAsync(ReviewDbContext db, int workflowId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var estimate = await db.Database.SqlQuery<Estimate>($"""
            SELECT (SELECT avg(p.confidence) FROM items i JOIN predictions p ON p.item_id = i.id AND p.used_for_routing
                    WHERE i.workflow_id = {workflowId} AND i.route = 'auto' AND i.received_at >= {from} AND i.received_at < {to}) AS "Expected",
                   (SELECT count(*) FROM items i
                    WHERE i.workflow_id = {workflowId} AND i.route = 'auto' AND i.received_at >= {from} AND i.received_at < {to}) AS "AutoDecided",
                   count(*) AS "Audits", count(*) FILTER (WHERE t.label = t.model_label) AS "Agreed"
            FROM review_tasks t
            WHERE t.workflow_id = {workflowId} AND t.reason = 'audit_sample' AND t.status = 'done' AND t.created_at >= {from} AND t.created_at < {to}
            """).SingleAsync(ct);
        return new PerformanceEstimate(estimate.Expected, estimate.AutoDecided, estimate.Audits == 0 ? null : (double)estimate.Agreed / estimate.Audits, estimate.Audits);
    }
}
