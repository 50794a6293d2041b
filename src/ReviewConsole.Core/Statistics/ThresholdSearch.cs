namespace ReviewConsole.Core.Statistics;

/// <summary>At one confidence threshold: how much the model would decide, and how precisely.</summary>
public sealed record CurvePoint(double Threshold, double Coverage, long Decided, long Correct, double Precision, double PrecisionLower);

public sealed record SliceResult(string Slice, long Decided, long Correct, double Precision, double PrecisionLower, bool Checked, bool Passed);

public sealed record ThresholdRequirements(double TargetPrecision, double MinCoverage, int SliceMinItems, double SliceMargin, double Confidence = Wilson.DefaultConfidence);

public sealed record ThresholdProposal(
    IReadOnlyList<CurvePoint> Curve,
    CurvePoint? Proposed,
    IReadOnlyList<SliceResult> Slices)
{
    public bool SlicesPass => Slices.All(s => s.Passed);
}

/// <summary>
/// The coverage-vs-precision curve over confidence thresholds, and the lowest threshold whose
/// auto-decided set has precision lower bound >= target, coverage >= the floor, and no large slice
/// below target - margin (product.md, assist -> partial).
/// </summary>
public static class ThresholdSearch
{
    public const int CurvePoints = 101;

    public static ThresholdProposal Propose(IReadOnlyList<LabelledPrediction> labelled, ThresholdRequirements requirements)
    {
        var curve = Curve(labelled, requirements.Confidence);
        CurvePoint? fallback = null;
        foreach (var candidate in Candidates(labelled, requirements.Confidence))
        {
            if (candidate.PrecisionLower < requirements.TargetPrecision || candidate.Coverage < requirements.MinCoverage)
                continue;
            fallback ??= candidate;
            var slices = Slices(labelled, candidate.Threshold, requirements);
            if (slices.All(s => s.Passed))
                return new ThresholdProposal(curve, candidate, slices);
        }
        // No threshold clears the slices: propose the lowest that clears precision and coverage, and show why slices fail.
        return new ThresholdProposal(curve, fallback, fallback is null ? [] : Slices(labelled, fallback.Threshold, requirements));
    }

    /// <summary>The point of the curve at exactly this threshold (for a threshold the ML lead picks).</summary>
    public static CurvePoint At(IReadOnlyList<LabelledPrediction> labelled, double threshold, double confidence = Wilson.DefaultConfidence)
    {
        long decided = 0, correct = 0;
        foreach (var item in labelled)
        {
            if (item.Confidence < threshold)
                continue;
            decided++;
            if (item.Agreed)
                correct++;
        }
        return Point(threshold, decided, correct, labelled.Count, confidence);
    }

    public static IReadOnlyList<SliceResult> Slices(IReadOnlyList<LabelledPrediction> labelled, double threshold, ThresholdRequirements requirements) =>
        labelled
            .Where(l => l.Slice is not null && l.Confidence >= threshold)
            .GroupBy(l => l.Slice!)
            .Select(g =>
            {
                long decided = g.Count(), correct = g.Count(l => l.Agreed);
                var lower = Wilson.Lower(correct, decided, requirements.Confidence);
                var isChecked = decided >= requirements.SliceMinItems;
                return new SliceResult(g.Key, decided, correct, (double)correct / decided, lower, isChecked,
                    !isChecked || lower >= requirements.TargetPrecision - requirements.SliceMargin);
            })
            .OrderBy(s => s.PrecisionLower)
            .ToList();

    /// <summary>Evenly spaced thresholds 0.00..1.00, for charts.</summary>
    public static IReadOnlyList<CurvePoint> Curve(IReadOnlyList<LabelledPrediction> labelled, double confidence = Wilson.DefaultConfidence)
    {
        var sorted = labelled.OrderByDescending(l => l.Confidence).ToArray();
        var points = new CurvePoint[CurvePoints];
        long decided = 0, correct = 0;
        var index = 0;
        for (var i = CurvePoints - 1; i >= 0; i--)
        {
            var threshold = i / (double)(CurvePoints - 1);
            while (index < sorted.Length && sorted[index].Confidence >= threshold)
            {
                decided++;
                if (sorted[index].Agreed)
                    correct++;
                index++;
            }
            points[i] = Point(threshold, decided, correct, sorted.Length, confidence);
        }
        return points;
    }

    /// <summary>Every distinct confidence is a candidate threshold, lowest first: the search is exact, not on a grid.</summary>
    private static IEnumerable<CurvePoint> Candidates(IReadOnlyList<LabelledPrediction> labelled, double confidence)
    {
        var sorted = labelled.OrderByDescending(l => l.Confidence).ToArray();
        var atOrAbove = new List<CurvePoint>();
        long decided = 0, correct = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            decided++;
            if (sorted[i].Agreed)
                correct++;
            if (i + 1 < sorted.Length && sorted[i + 1].Confidence == sorted[i].Confidence)
                continue;
            atOrAbove.Add(Point(sorted[i].Confidence, decided, correct, sorted.Length, confidence));
        }
        for (var i = atOrAbove.Count - 1; i >= 0; i--)
            yield return atOrAbove[i];
    }

    private static CurvePoint Point(double threshold, long decided, long correct, long total, double confidence) => new(
        threshold,
        total == 0 ? 0 : (double)decided / total,
        decided,
        correct,
        decided == 0 ? 0 : (double)correct / decided,
        Wilson.Lower(correct, decided, confidence));
}
