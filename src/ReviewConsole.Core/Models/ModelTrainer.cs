using System.Text.Json;
using ReviewConsole.Core.Schema;

namespace ReviewConsole.Core.Models;

public sealed record TrainingExample(JsonElement Features, string Label, string? Slice = null);

public sealed record TrainerOptions(int Seed = 7, double C = 1.0, int MaxIterations = 200, double ValidationShare = 0.1,
    int TextDimension = Featurizer.DefaultTextDimension);

public sealed record TrainingProgress(string Stage, double Fraction);

public sealed record TrainedModel(BuiltInModel Model, EvaluationReport Holdout, double UncalibratedEce, int TrainRows, int ValidationRows);

/// <summary>
/// Trains a built-in model: fit the featurizer on the training rows, hold a seeded validation share out
/// for temperature scaling, fit the logistic regression, then evaluate on the caller's holdout
/// (a time-based one in the registry: the newest labels). Same inputs and seed, same model.
/// </summary>
public static class ModelTrainer
{
    public static TrainedModel Train(
        IReadOnlyList<FeatureField> schema, IReadOnlyList<string> labels, IReadOnlyList<TrainingExample> train,
        IReadOnlyList<TrainingExample> holdout, TrainerOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken ct = default)
    {
        var classOf = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i);
        var usable = train.Where(t => classOf.ContainsKey(t.Label)).ToList();
        if (usable.Count < 2)
            throw new ArgumentException("At least two labelled examples are needed to train.", nameof(train));

        var order = Enumerable.Range(0, usable.Count).ToArray();
        new Random(options.Seed).Shuffle(order);
        var validationCount = (int)Math.Round(usable.Count * options.ValidationShare);
        var fitRows = order.Skip(validationCount).Select(i => usable[i]).ToList();
        var validationRows = order.Take(validationCount).Select(i => usable[i]).ToList();

        progress?.Report(new TrainingProgress("featurizing", 0.05));
        var featurizer = Featurizer.Fit(schema, fitRows.Select(r => r.Features).ToList(), options.TextDimension);
        var matrix = Matrix(featurizer, fitRows, classOf, labels.Count);

        progress?.Report(new TrainingProgress("optimizing", 0.1));
        var weights = LogisticRegression.Fit(matrix, options.C, options.MaxIterations,
            evaluations => progress?.Report(new TrainingProgress("optimizing", 0.1 + 0.8 * Math.Min(1, evaluations / (double)options.MaxIterations))), ct);

        progress?.Report(new TrainingProgress("calibrating", 0.92));
        var uncalibrated = new BuiltInModel(labels, featurizer, weights, 1);
        var temperature = Calibrator.FitTemperature(
            validationRows.Select(r => uncalibrated.Logits(r.Features)).ToList(),
            validationRows.Select(r => classOf[r.Label]).ToList());
        var model = uncalibrated with { Temperature = temperature };

        progress?.Report(new TrainingProgress("evaluating", 0.96));
        var scored = holdout.Where(h => classOf.ContainsKey(h.Label)).ToList();
        var report = Evaluate(model, scored, classOf);
        var before = Evaluate(uncalibrated, scored, classOf);
        progress?.Report(new TrainingProgress("done", 1));
        return new TrainedModel(model, report, before.ExpectedCalibrationError, fitRows.Count, validationRows.Count);
    }

    public static EvaluationReport Evaluate(BuiltInModel model, IReadOnlyList<TrainingExample> rows, IReadOnlyDictionary<string, int>? classOf = null)
    {
        classOf ??= model.Labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i);
        var predictions = rows.Select(r => model.Predict(r.Features)).ToList();
        return EvaluationReport.Evaluate(
            model.Labels,
            rows.Select(r => classOf[r.Label]).ToList(),
            predictions.Select(p => classOf[p.Label]).ToList(),
            predictions.Select(p => p.Confidence).ToList(),
            rows.Select(r => r.Slice).ToList());
    }

    public static DesignMatrix Matrix(Featurizer featurizer, IReadOnlyList<TrainingExample> rows, IReadOnlyDictionary<string, int> classOf, int classes)
    {
        var values = new double[rows.Count * featurizer.Dimension];
        for (var i = 0; i < rows.Count; i++)
            featurizer.Transform(rows[i].Features, values.AsSpan(i * featurizer.Dimension, featurizer.Dimension));
        return new DesignMatrix(values, rows.Count, featurizer.Dimension, rows.Select(r => classOf[r.Label]).ToArray(), classes);
    }
}
