using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Features.Events;
using ReviewConsole.Features.Workflows;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Contracts.Drift;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Core;
using ReviewConsole.Core.Drift;
using ReviewConsole.Core.Schema;
using ReviewConsole.Data;
using ReviewConsole.Data.Automation;
using ReviewConsole.Data.Drift;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Drift;

/// <summary>Builds drift reports from stored profiles, and raises a drift alert when a workflow's severity rises.</summary>
public static class DriftReports
{
    /// <summary>Drift per feature, the performance estimate over <paramref name="slots"/> of the current window, and agreement drift.</summary>
    public static async Task<DriftReportResponse> BuildAsync(ReviewDbContext db, Workflow workflow, DriftWindows windows, Slots slots, CancellationToken ct)
    {
        var reference = await ProfilesAsync(db, workflow.Id, windows.ReferenceStart, windows.ReferenceEnd, ct);
        var current = await ProfilesAsync(db, workflow.Id, windows.CurrentStart, windows.CurrentEnd, ct);
        var comparisons = Features(workflow).Select(f => ProfileComparison.Compare(f.Name, f.Type,
                reference.Profiles.GetValueOrDefault(f.Name) ?? new FeatureProfile(), current.Profiles.GetValueOrDefault(f.Name) ?? new FeatureProfile(),
                reference.Items, current.Items) with
            {
                Kind = f.Name == ProfileBuilder.PredictionFeature ? "prediction" : f.Name == ProfileBuilder.ConfidenceFeature ? "confidence" : KindOf(f.Type),
            })
            .ToList();
        var choice = windows.Reference;
        var assessed = DriftAssessment.Assess(comparisons, reference.Items, current.Items, referenceMinimum: choice.Minimum);
        var (performance, compared, agreed) = await PerformanceQuery.EstimateAsync(db, workflow.Id, slots, ct);
        var referenceLabels = await PerformanceQuery.LabelsAsync(db, workflow.Id, Slots.Whole(windows.ReferenceStart, windows.ReferenceEnd), ct);
        var agreement = AgreementDrift.Assess(referenceLabels.Sum(l => l.Compared), referenceLabels.Sum(l => l.Agreed),
            compared, agreed);
        var overall = DriftAssessment.Overall(assessed);
        var agreementResponse = new AgreementDriftResponse(agreement.ReferenceCompared, agreement.Reference, agreement.CurrentCompared, agreement.Current,
            agreement.Change, agreement.ChangeInterval?.Lower, agreement.ChangeInterval?.Upper, agreement.Severity.ToWire(), agreement.Reason);
        return new DriftReportResponse(
            workflow.Key,
            new DriftReference(windows.ReferenceStart, windows.ReferenceEnd, reference.Items, choice.Basis, choice.Minimum,
                reference.Items >= choice.Minimum, choice.Why),
            new DriftWindow(windows.CurrentStart, windows.CurrentEnd, current.Items),
            overall.ToWire(),
            assessed.Select(a => new FeatureDriftResponse(a.Feature, a.Kind, a.Psi, a.Statistic, a.PValue, a.AdjustedPValue,
                a.Severity.ToWire(), a.Reason)).ToList(),
            performance,
            agreementResponse,
            DriftThresholds.Default.Rule(choice.Minimum),
            Summary(reference.Items, current.Items, choice, overall, assessed, agreementResponse));
    }

    /// <summary>What was compared and what was found: the sentence "Evaluate now" answers with.</summary>
    internal static string Summary(long referenceItems, long currentItems, ReferenceChoice choice, DriftSeverity overall, IReadOnlyList<FeatureDrift> features,
        AgreementDriftResponse agreement)
    {
        var inv = CultureInfo.InvariantCulture;
        var compared = string.Create(inv, $"Compared the current window ({currentItems:N0} items) with the {BasisText(choice.Basis)} ({referenceItems:N0} items): ");
        var found = overall switch
        {
            DriftSeverity.NotEnoughReference => string.Create(inv, $"not enough reference yet ({referenceItems:N0} items; {choice.Minimum:N0} needed), so no feature was judged."),
            DriftSeverity.None => "no feature drifted.",
            _ => $"{overall.ToWire()} drift in " + string.Join(", ", features.Where(f => f.Severity > DriftSeverity.None).OrderByDescending(f => f.Psi)
                .Select(f => string.Create(inv, $"{Display(f.Feature)} (PSI {f.Psi:0.00}, {f.Severity.ToWire()})"))) + ".",
        };
        var labels = agreement.Severity is "moderate" or "major"
            ? string.Create(inv, $" Agreement with reviewers fell {-agreement.Change * 100:0.0} points ({agreement.Severity}).")
            : string.Create(inv, $" Agreement with reviewers: {agreement.Severity} ({agreement.ReferenceCompared:N0} and {agreement.CurrentCompared:N0} labelled items).");
        return compared + found + labels;
    }

    private static string BasisText(string basis) => basis switch
    {
        ReferenceBases.Requested => "reference asked for",
        ReferenceBases.ChampionTraining => "champion's training window",
        ReferenceBases.PrecedingDays => "7 days before it",
        _ => "workflow's earliest items",
    };

    /// <summary>A feature's name for people: the prediction and confidence profiles are not fields.</summary>
    public static string Display(string feature) => feature switch
    {
        ProfileBuilder.PredictionFeature => "predicted label mix",
        ProfileBuilder.ConfidenceFeature => "model confidence",
        _ => feature,
    };

    private static List<FeatureField> Features(Workflow workflow) =>
        workflow.Fields().Where(f => f.Type != FeatureType.ImageUrl)
            .Append(new FeatureField(ProfileBuilder.PredictionFeature, FeatureType.Categorical))
            .Append(new FeatureField(ProfileBuilder.ConfidenceFeature, FeatureType.Numeric))
            .ToList();

    public static async Task<FeatureDistributionResponse?> DistributionAsync(ReviewDbContext db, Workflow workflow, string feature, DriftWindows windows,
        CancellationToken ct)
    {
        var type = feature switch
        {
            ProfileBuilder.PredictionFeature => FeatureType.Categorical,
            ProfileBuilder.ConfidenceFeature => FeatureType.Numeric,
            _ => workflow.Fields().FirstOrDefault(f => f.Name == feature)?.Type,
        };
        if (type is not { } known || known == FeatureType.ImageUrl)
            return null;
        var reference = await ProfilesAsync(db, workflow.Id, windows.ReferenceStart, windows.ReferenceEnd, ct);
        var current = await ProfilesAsync(db, workflow.Id, windows.CurrentStart, windows.CurrentEnd, ct);
        var shares = ProfileComparison.Shares(known, reference.Profiles.GetValueOrDefault(feature) ?? new FeatureProfile(),
            current.Profiles.GetValueOrDefault(feature) ?? new FeatureProfile());
        return new FeatureDistributionResponse(feature, KindOf(known), shares.Select(s => new DistributionShare(s.Label, s.Reference, s.Current)).ToList());
    }

    /// <summary>Below this many items in a cell, a PSI is mostly noise: the cell stays empty.</summary>
    public const int MinimumCellItems = 30;

    public static async Task<DriftHeatmapResponse> HeatmapAsync(ReviewDbContext db, Workflow workflow, DriftWindows windows, Slots slots, CancellationToken ct)
    {
        var reference = await ProfilesAsync(db, workflow.Id, windows.ReferenceStart, windows.ReferenceEnd, ct);
        var features = Features(workflow);
        var rows = await RowsAsync(db, workflow.Id, slots.Start, slots.End, ct);
        // A quiet window gets fewer, wider slots, so that an average cell holds twice the minimum and most cells say something.
        slots = slots.AtMost((int)Math.Min(int.MaxValue, ItemCount(rows) / (2 * MinimumCellItems)));
        var starts = Enumerable.Range(0, slots.Count).Select(i => slots[i]).ToList();
        var psi = features.Select(_ => new double?[slots.Count]).ToList();
        for (var s = 0; s < slots.Count; s++)
        {
            var (slotStart, slotEnd) = (slots[s], slots[s + 1]);
            var slot = Merge(rows.Where(r => r.Bucket >= slotStart && r.Bucket < slotEnd).ToList());
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

    /// <summary>
    /// Raises alerts for what rose: a drift alert when the overall feature severity is moderate or worse, an
    /// agreement alert when agreement fell significantly. Each is stored and announced (drift.alert) only when no
    /// open alert of its kind already has that severity: alerts mark a rise, they do not repeat while nobody
    /// acknowledged the last. Returns the kinds raised.
    /// </summary>
    public static async Task<List<string>> AlertIfRisenAsync(ReviewDbContext db, Workflow workflow, DriftReportResponse report, DateTimeOffset now,
        CancellationToken ct)
    {
        var raised = new List<string>();
        if (report.Reference.Enough && report.Current.Items > 0)
        {
            var drifted = report.Features.Where(f => DriftSeverities.Alarming(f.Severity) is not null)
                .Select(f => string.Create(CultureInfo.InvariantCulture, $"{Display(f.Feature)} (PSI {f.Psi:0.00}, {f.Severity})"));
            if (await RaiseAsync(db, workflow, AlertKinds.Drift, report.Overall, now,
                    $"Drift in {string.Join(", ", drifted)} between the reference ({report.Reference.Items:N0} items) and the current window ({report.Current.Items:N0} items).", ct))
                raised.Add(AlertKinds.Drift);
        }
        var agreement = report.Agreement;
        if (await RaiseAsync(db, workflow, AlertKinds.Agreement, agreement.Severity, now,
                FormattableString.Invariant($"Agreement with reviewers fell {-agreement.Change * 100:0.0} points, from {agreement.Reference * 100:0.0}% ") +
                FormattableString.Invariant($"({agreement.ReferenceCompared:N0} labelled items) to {agreement.Current * 100:0.0}% ({agreement.CurrentCompared:N0}); ") +
                FormattableString.Invariant($"the {AgreementThresholds.Default.Confidence * 100:0.#}% interval of the change is {agreement.ChangeLower * 100:0.0} to {agreement.ChangeUpper * 100:0.0} points."), ct))
            raised.Add(AlertKinds.Agreement);
        return raised;
    }

    private static async Task<bool> RaiseAsync(ReviewDbContext db, Workflow workflow, string kind, string severityText, DateTimeOffset now, string message,
        CancellationToken ct)
    {
        if (DriftSeverities.Alarming(severityText) is not { } severity)
            return false;
        var open = await db.Alerts.AsNoTracking()
            .Where(a => a.WorkflowId == workflow.Id && a.Kind == kind && a.AcknowledgedAt == null)
            .Select(a => a.Severity).ToListAsync(ct);
        if (open.Any(s => DriftSeverities.Alarming(s) is { } existing && existing >= severity))
            return false;
        db.Alerts.Add(new Alert { WorkflowId = workflow.Id, Kind = kind, Severity = severityText, Message = message, CreatedAt = now });
        await db.SaveChangesAsync(ct);
        await db.PublishAsync(new ConsoleEvent(EventTypes.DriftAlert, workflow.Key, now, Label: severityText, Kind: kind), ct);
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

    internal static Window Merge(IReadOnlyCollection<FeatureProfileRow> rows)
    {
        var merged = new Dictionary<string, FeatureProfile>();
        foreach (var row in rows)
        {
            var profile = merged.TryGetValue(row.Feature, out var existing) ? existing : merged[row.Feature] = new FeatureProfile();
            profile.Merge(new FeatureProfile { Counts = JsonSerializer.Deserialize<Dictionary<string, long>>(row.Counts)! });
        }
        return new Window(merged, ItemCount(rows));
    }

    /// <summary>Items in the rows, from their counters alone: every item is counted once per feature, so the largest feature total.</summary>
    private static long ItemCount(IEnumerable<FeatureProfileRow> rows) =>
        rows.GroupBy(r => r.Feature).Select(g => g.Sum(r => r.Items)).DefaultIfEmpty(0).Max();

    /// <summary>The built-in champion's training window (the event times of its training items), or null.</summary>
    internal static async Task<(string Version, DateTimeOffset From, DateTimeOffset To)?> ChampionWindowAsync(ReviewDbContext db, Workflow workflow,
        CancellationToken ct)
    {
        if (workflow.ChampionModelId is not { } id)
            return null;
        var window = await db.ModelVersions.AsNoTracking().Where(m => m.Id == id && m.Kind == ModelKinds.BuiltIn)
            .Select(m => new { m.Version, m.TrainedFrom, m.TrainedTo }).FirstOrDefaultAsync(ct);
        return window is { TrainedFrom: { } from, TrainedTo: { } to } && from <= to ? (window.Version, from, to.AddTicks(1)) : null;
    }
}
