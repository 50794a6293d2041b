using ReviewConsole.Core.Statistics;

namespace ReviewConsole.Core.Tests.Statistics;

public sealed class CalibrationTests
{
    private static IEnumerable<LabelledPrediction> Group(double confidence, int right, int wrong) =>
        Enumerable.Repeat(new LabelledPrediction(confidence, true), right).Concat(Enumerable.Repeat(new LabelledPrediction(confidence, false), wrong));

    [Fact]
    public void APerfectlyCalibratedModelHasZeroError()
    {
        var report = Calibration.Evaluate([.. Group(0.8, 80, 20), .. Group(0.3, 30, 70)]);

        Assert.Equal(0, report.ExpectedCalibrationError, 12);
    }

    [Fact]
    public void ErrorIsTheCountWeightedGapBetweenConfidenceAndAccuracy()
    {
        // 100 items at 0.9 with 60% accuracy (gap 0.3), 100 at 0.5 with 50% (gap 0): ECE = 0.15.
        var report = Calibration.Evaluate([.. Group(0.9, 60, 40), .. Group(0.5, 50, 50)]);

        Assert.Equal(0.15, report.ExpectedCalibrationError, 12);
        Assert.Equal(15, report.Bins.Count);
        var bin = report.Bins.Single(b => b.Count == 100 && b.MeanConfidence > 0.85);
        Assert.Equal(0.9, bin.MeanConfidence, 9);
        Assert.Equal(0.6, bin.Accuracy, 9);
    }

    [Fact]
    public void ConfidenceOfOneFallsInTheLastBin() =>
        Assert.Equal(1, Calibration.Evaluate([new LabelledPrediction(1.0, true)]).Bins[^1].Count);
}
