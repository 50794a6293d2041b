using ReviewConsole.Core.Statistics;

namespace ReviewConsole.Core.Drift;

/// <summary>
/// Default rules for an agreement fall: the change's 99.9% interval must lie wholly below zero (significant)
/// and the fall must be at least 5 points (moderate) or 10 points (major); fewer than 30 labelled comparisons
/// on either side decide nothing. The monitor re-evaluates all day over rolling windows: at 99% a stable
/// workflow would still raise a false alert on roughly one day in ten (24 independent hourly windows × 0.5%),
/// at 99.9% on about one in forty. The point floor keeps huge windows from alarming on trivial falls.
/// </summary>
public sealed record AgreementThresholds(double ModerateFall = 0.05, double MajorFall = 0.10, double Confidence = 0.999, long MinimumCompared = 30)
{
    public static AgreementThresholds Default { get; } = new();
}

/// <summary>Model-vs-human agreement on labelled items in the reference and current windows, and how it changed.</summary>
public sealed record AgreementChange(
    long ReferenceCompared, long ReferenceAgreed, long CurrentCompared, long CurrentAgreed,
    double? Reference, double? Current, double? Change, Interval? ChangeInterval,
    DriftSeverity Severity, string Reason);

public static class AgreementDrift
{
    public static AgreementChange Assess(long referenceCompared, long referenceAgreed, long currentCompared, long currentAgreed,
        AgreementThresholds? thresholds = null)
    {
        thresholds ??= AgreementThresholds.Default;
        double? reference = referenceCompared == 0 ? null : (double)referenceAgreed / referenceCompared;
        double? current = currentCompared == 0 ? null : (double)currentAgreed / currentCompared;
        AgreementChange Result(double? change, Interval? interval, DriftSeverity severity, string reason) =>
            new(referenceCompared, referenceAgreed, currentCompared, currentAgreed, reference, current, change, interval, severity, reason);

        if (Math.Min(referenceCompared, currentCompared) < thresholds.MinimumCompared)
            return Result(current - reference, null, DriftSeverity.None,
                $"Too few labelled items to compare ({referenceCompared:N0} reference, {currentCompared:N0} current; {thresholds.MinimumCompared} each needed)");

        var interval = DifferenceInterval(currentAgreed, currentCompared, referenceAgreed, referenceCompared, thresholds.Confidence);
        var change = current!.Value - reference!.Value;
        var fall = -change;
        var span = $"{Points(change)} points ({thresholds.Confidence:0.0%} interval {Points(interval.Lower)} to {Points(interval.Upper)})";
        if (interval.Upper >= 0)
            return Result(change, interval, DriftSeverity.None, $"Changed {span}: no significant fall");
        return fall >= thresholds.MajorFall
            ? Result(change, interval, DriftSeverity.Major, $"Fell {span}; ≥ {thresholds.MajorFall * 100:0} points")
            : fall >= thresholds.ModerateFall
                ? Result(change, interval, DriftSeverity.Moderate, $"Fell {span}; ≥ {thresholds.ModerateFall * 100:0} points")
                : Result(change, interval, DriftSeverity.None, $"Fell {span}: significant, but under the {thresholds.ModerateFall * 100:0}-point floor");
    }

    /// <summary>
    /// Interval for p1 − p2 of two independent proportions from their Wilson intervals
    /// (Newcombe 1998, "Interval estimation for the difference between independent proportions", method 10).
    /// </summary>
    public static Interval DifferenceInterval(long successes1, long trials1, long successes2, long trials2, double confidence = Wilson.DefaultConfidence)
    {
        double p1 = (double)successes1 / trials1, p2 = (double)successes2 / trials2;
        var (w1, w2) = (Wilson.Interval(successes1, trials1, confidence), Wilson.Interval(successes2, trials2, confidence));
        var d = p1 - p2;
        return new Interval(
            d - Math.Sqrt(Square(p1 - w1.Lower) + Square(w2.Upper - p2)),
            d + Math.Sqrt(Square(w1.Upper - p1) + Square(p2 - w2.Lower)));
    }

    private static double Square(double x) => x * x;

    private static string Points(double change) => (change * 100).ToString("+0.0;−0.0;0.0", System.Globalization.CultureInfo.InvariantCulture);
}
