namespace ReviewConsole.Core.Statistics;

public sealed record ReliabilityBin(double Lower, double Upper, long Count, double MeanConfidence, double Accuracy);

public sealed record CalibrationReport(double ExpectedCalibrationError, IReadOnlyList<ReliabilityBin> Bins, long Count);

/// <summary>Expected calibration error over equal-width confidence bins, and the reliability-diagram data.</summary>
public static class Calibration
{
    public const int DefaultBins = 15;

    public static CalibrationReport Evaluate(IReadOnlyList<LabelledPrediction> labelled, int binCount = DefaultBins)
    {
        var counts = new long[binCount];
        var confidenceSums = new double[binCount];
        var correct = new long[binCount];
        foreach (var item in labelled)
        {
            // Bins are (lower, upper]; a confidence of 0 belongs to the first.
            var bin = Math.Clamp((int)Math.Ceiling(item.Confidence * binCount) - 1, 0, binCount - 1);
            counts[bin]++;
            confidenceSums[bin] += item.Confidence;
            if (item.Agreed)
                correct[bin]++;
        }
        var bins = new List<ReliabilityBin>(binCount);
        double ece = 0;
        for (var b = 0; b < binCount; b++)
        {
            var meanConfidence = counts[b] == 0 ? 0 : confidenceSums[b] / counts[b];
            var accuracy = counts[b] == 0 ? 0 : (double)correct[b] / counts[b];
            bins.Add(new ReliabilityBin((double)b / binCount, (double)(b + 1) / binCount, counts[b], meanConfidence, accuracy));
            if (labelled.Count > 0)
                ece += (double)counts[b] / labelled.Count * Math.Abs(accuracy - meanConfidence);
        }
        return new CalibrationReport(ece, bins, labelled.Count);
    }
}
