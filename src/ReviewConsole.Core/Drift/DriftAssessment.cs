namespace ReviewConsole.Core.Drift;

public enum DriftSeverity
{
    None = 0,
    Moderate = 1,
    Major = 2,
}

/// <summary>
/// Default thresholds: PSI 0.1 (moderate) and 0.25 (major), the usual credit-risk conventions. P-values only
/// guard small windows (fewer than 5,000 rows on either side), at alpha 0.05 after Holm's correction over
/// all features tested together: on large windows every p-value is tiny, so they cannot decide anything there.
/// </summary>
public sealed record DriftThresholds(double ModeratePsi = 0.1, double MajorPsi = 0.25, double Alpha = 0.05, long SmallSample = 5000)
{
    public static DriftThresholds Default { get; } = new();
}

/// <summary>One feature's comparison of reference and current window: effect size (PSI) and, where computed, a test.</summary>
public sealed record FeatureComparison(string Feature, string Kind, double Psi, TestResult? Test = null);

public sealed record FeatureDrift(string Feature, string Kind, double Psi, double? Statistic, double? PValue, double? AdjustedPValue,
    DriftSeverity Severity, string Reason);

public static class DriftAssessment
{
    public static IReadOnlyList<FeatureDrift> Assess(IReadOnlyList<FeatureComparison> comparisons, long referenceRows, long currentRows,
        DriftThresholds? thresholds = null)
    {
        thresholds ??= DriftThresholds.Default;
        var tested = comparisons.Where(c => c.Test is not null).ToList();
        var adjusted = Holm(tested.Select(c => c.Test!.Value.PValue).ToList());
        var adjustedOf = tested.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => adjusted[x.i]);
        var small = Math.Min(referenceRows, currentRows) < thresholds.SmallSample;
        return comparisons.Select(c =>
        {
            var effect = c.Psi >= thresholds.MajorPsi ? DriftSeverity.Major : c.Psi >= thresholds.ModeratePsi ? DriftSeverity.Moderate : DriftSeverity.None;
            double? p = adjustedOf.TryGetValue(c, out var a) ? a : null;
            var (severity, reason) = effect == DriftSeverity.None
                ? (DriftSeverity.None, $"PSI {c.Psi:0.000} is below {thresholds.ModeratePsi}")
                : small && (p is null || p >= thresholds.Alpha)
                    ? (DriftSeverity.None, $"PSI {c.Psi:0.000} on a small window is not significant (Holm-adjusted p {(p is { } v ? v.ToString("0.000") : "n/a")})")
                    : (effect, $"PSI {c.Psi:0.000} ≥ {(effect == DriftSeverity.Major ? thresholds.MajorPsi : thresholds.ModeratePsi)}");
            return new FeatureDrift(c.Feature, c.Kind, c.Psi, c.Test?.Statistic, c.Test?.PValue, p, severity, reason);
        }).ToList();
    }

    public static DriftSeverity Overall(IEnumerable<FeatureDrift> features) =>
        features.Select(f => f.Severity).DefaultIfEmpty(DriftSeverity.None).Max();

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
