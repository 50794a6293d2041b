namespace ReviewConsole.Core.Drift;

public enum DriftSeverity
{
    /// <summary>The reference holds too few items to compare with: a state of its own, neither calm nor drift.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName(DriftSeverities.NotEnoughReference)]
    NotEnoughReference = -1,
    None = 0,
    Moderate = 1,
    Major = 2,
}

public static class DriftSeverities
{
    public const string NotEnoughReference = "not-enough-reference";

    /// <summary>Moderate or major from their wire names; null for anything else (none, not enough reference).</summary>
    public static DriftSeverity? Alarming(string wire) =>
        Wire.TryParse<DriftSeverity>(wire, out var severity) && severity > DriftSeverity.None ? severity : null;
}

/// <summary>
/// Default thresholds: PSI 0.1 (moderate) and 0.25 (major), the usual credit-risk conventions, once the reference
/// holds its minimum of items (below it nothing is compared: "not enough reference"). P-values only guard small
/// windows (fewer than 5,000 rows on either side), at alpha 0.05 after Holm's correction over all features tested
/// together: on large windows every p-value is tiny, so they cannot decide anything there (Evidently #50, #509).
/// </summary>
public sealed record DriftThresholds(double ModeratePsi = 0.1, double MajorPsi = 0.25, double Alpha = 0.05, long SmallSample = 5000)
{
    public static DriftThresholds Default { get; } = new();

    /// <summary>The rule in words, as the panel and the API state it.</summary>
    public string Rule(long referenceMinimum) => FormattableString.Invariant(
        $"Severity rests on PSI (≥ {ModeratePsi:0.00} moderate, ≥ {MajorPsi:0.00} major) once the reference holds {referenceMinimum:N0} items; ") +
        FormattableString.Invariant($"when either window holds under {SmallSample:N0} items, the Holm-adjusted p must also be below {Alpha}.");
}

/// <summary>One feature's comparison of reference and current window: effect size (PSI) and, where computed, a test.</summary>
public sealed record FeatureComparison(string Feature, string Kind, double Psi, TestResult? Test = null);

public sealed record FeatureDrift(string Feature, string Kind, double Psi, double? Statistic, double? PValue, double? AdjustedPValue,
    DriftSeverity Severity, string Reason);

public static class DriftAssessment
{
    /// <param name="referenceMinimum">Below this many reference rows every feature is <see cref="DriftSeverity.NotEnoughReference"/>.</param>
    public static IReadOnlyList<FeatureDrift> Assess(IReadOnlyList<FeatureComparison> comparisons, long referenceRows, long currentRows,
        DriftThresholds? thresholds = null, long referenceMinimum = 1)
    {
        thresholds ??= DriftThresholds.Default;
        var enough = referenceRows >= Math.Max(1, referenceMinimum);
        var tested = comparisons.Where(c => c.Test is not null).ToList();
        var adjusted = Holm(tested.Select(c => c.Test!.Value.PValue).ToList());
        var adjustedOf = tested.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => adjusted[x.i]);
        var small = Math.Min(referenceRows, currentRows) < thresholds.SmallSample;
        return comparisons.Select(c =>
        {
            var effect = c.Psi >= thresholds.MajorPsi ? DriftSeverity.Major : c.Psi >= thresholds.ModeratePsi ? DriftSeverity.Moderate : DriftSeverity.None;
            double? p = adjustedOf.TryGetValue(c, out var a) ? a : null;
            var (severity, reason) = !enough
                ? (DriftSeverity.NotEnoughReference, $"Not enough reference yet ({referenceRows:N0} items; {referenceMinimum:N0} needed)")
                : effect == DriftSeverity.None
                ? (DriftSeverity.None, $"PSI {c.Psi:0.000} is below {thresholds.ModeratePsi}")
                : small && (p is null || p >= thresholds.Alpha)
                    ? (DriftSeverity.None, $"PSI {c.Psi:0.000} on a small window is not significant (Holm-adjusted p {(p is { } v ? v.ToString("0.000") : "n/a")})")
                    : (effect, $"PSI {c.Psi:0.000} ≥ {(effect == DriftSeverity.Major ? thresholds.MajorPsi : thresholds.ModeratePsi)}");
            return new FeatureDrift(c.Feature, c.Kind, c.Psi, c.Test?.Statistic, c.Test?.PValue, p, severity, reason);
        }).ToList();
    }

    /// <summary>The worst feature's severity; not enough reference when any feature lacks one (then they all do).</summary>
    public static DriftSeverity Overall(IEnumerable<FeatureDrift> features)
    {
        var severities = features.Select(f => f.Severity).ToList();
        return severities.Contains(DriftSeverity.NotEnoughReference) ? DriftSeverity.NotEnoughReference : severities.DefaultIfEmpty(DriftSeverity.None).Max();
    }

    /// <summary>Holm-Bonferroni step-down adjusted p-values, in the input order.</summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        double running = 0;
        for (var rank = 0; rank < m; rank++)
        {
            var i = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /// <summary>Expected accuracy of unlabelled auto-decisions from calibrated confidences: their mean.</summary>
    public static double? ExpectedAccuracy(IReadOnlyCollection<double> calibratedConfidences) =>
        calibratedConfidences.Count == 0 ? null : calibratedConfidences.Average();
}
