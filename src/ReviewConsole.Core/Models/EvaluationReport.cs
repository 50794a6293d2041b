using ReviewConsole.Core.Statistics;

namespace ReviewConsole.Core.Models;

public sealed record ClassMetrics(string Label, double Precision, double Recall, double F1, long Support);

public sealed record SliceAccuracy(string Slice, long Count, double Accuracy);

/// <summary>How a model did on a holdout: accuracy, macro-F1, per class, calibration, slices, confusion.</summary>
public sealed record EvaluationReport(
    long Count,
    double Accuracy,
    double MacroF1,
    double ExpectedCalibrationError,
    IReadOnlyList<ClassMetrics> Classes,
    IReadOnlyList<SliceAccuracy> Slices,
    IReadOnlyList<string> Labels,
    long[][] Confusion)
{
    /// <param name="predicted">Predicted class index per row.</param>
    /// <param name="confidence">Probability of the predicted class per row.</param>
    public static EvaluationReport Evaluate(
        IReadOnlyList<string> labels, IReadOnlyList<int> actual, IReadOnlyList<int> predicted, IReadOnlyList<double> confidence,
        IReadOnlyList<string?>? slices = null)
    {
        var k = labels.Count;
        var confusion = Enumerable.Range(0, k).Select(_ => new long[k]).ToArray();
        for (var i = 0; i < actual.Count; i++)
            confusion[actual[i]][predicted[i]]++;
        var classes = new List<ClassMetrics>();
        for (var c = 0; c < k; c++)
        {
            long tp = confusion[c][c], support = confusion[c].Sum(), predictedAs = confusion.Sum(row => row[c]);
            var precision = predictedAs == 0 ? 0 : (double)tp / predictedAs;
            var recall = support == 0 ? 0 : (double)tp / support;
            classes.Add(new ClassMetrics(labels[c], precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall), support));
        }
        var present = classes.Where(c => c.Support > 0).ToList();
        var correct = Enumerable.Range(0, actual.Count).Count(i => actual[i] == predicted[i]);
        var calibration = Calibration.Evaluate(Enumerable.Range(0, actual.Count)
            .Select(i => new LabelledPrediction(confidence[i], actual[i] == predicted[i])).ToList());
        var sliceAccuracy = slices is null
            ? []
            : Enumerable.Range(0, actual.Count).Where(i => slices[i] is not null).GroupBy(i => slices[i]!)
                .Select(g => new SliceAccuracy(g.Key, g.Count(), (double)g.Count(i => actual[i] == predicted[i]) / g.Count()))
                .OrderBy(s => s.Slice, StringComparer.Ordinal).ToList();
        return new EvaluationReport(actual.Count, actual.Count == 0 ? 0 : (double)correct / actual.Count,
            present.Count == 0 ? 0 : present.Average(c => c.F1), calibration.ExpectedCalibrationError, classes, sliceAccuracy, labels, confusion);
    }
}
