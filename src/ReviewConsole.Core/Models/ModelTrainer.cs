using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;
using ReviewConsole.Core.Schema;

namespace ReviewConsole.Core.Models;

public sealed record TrainingExample(JsonElement Features, string Label, string? Slice = null);

/// <param name="Trainer">auto (both, the lower validation log-loss wins), logistic-regression or boosted-trees.</param>
public sealed record TrainerOptions(int Seed = 7, double C = 1.0, int MaxIterations = 200, double ValidationShare = 0.1,
    int TextDimension = Featurizer.DefaultTextDimension, string Trainer = Trainers.Auto, int Trees = 100, int? Threads = null);

public sealed record TrainingProgress(string Stage, double Fraction);

/// <summary>One trainer's result on the validation split: temperature-scaled log-loss (lower is better).</summary>
public sealed record TrainerScore(string Trainer, double ValidationLogLoss, double ValidationAccuracy, double Seconds);

public sealed record TrainedModel(IScoringModel Model, EvaluationReport Holdout, double UncalibratedEce, int TrainRows, int ValidationRows,
    IReadOnlyList<TrainerScore> Candidates);

/// <summary>A training request that cannot give a useful model (too few labels, a single class).</summary>
public sealed class TrainingRefusedException(string message) : Exception(message);

/// <summary>
/// Trains a built-in model with ML.NET: fit the featurizer on the training rows (numeric standardised with
/// missing-value indicators, categoricals one-hot with an unknown bucket, text hashed, image URLs ignored); hold a
/// seeded validation share out; fit multinomial logistic regression (L-BFGS, L2) and gradient-boosted trees
/// (LightGBM) on the rest; temperature-scale each on the validation share and keep the one with the lower
/// validation log-loss; evaluate it on the caller's holdout (a time-based one in the registry: the newest labels).
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
            throw new TrainingRefusedException("At least two labelled examples are needed to train.");
        if (usable.Select(t => t.Label).Distinct().Count() < 2)
            throw new TrainingRefusedException($"Every label so far is '{usable[0].Label}': a model needs examples of at least two labels to learn anything.");

        var order = Enumerable.Range(0, usable.Count).ToArray();
        new Random(options.Seed).Shuffle(order);
        // At least 30 rows (or a quarter of a small set) choose the trainer and the temperature: a 10% share of
        // 40 labels would leave 4, and the choice would be noise.
        var validationCount = Math.Max((int)Math.Round(usable.Count * options.ValidationShare), Math.Min(30, usable.Count / 4));
        var fitRows = order.Skip(validationCount).Select(i => usable[i]).ToList();
        var validationRows = order.Take(validationCount).Select(i => usable[i]).ToList();

        progress?.Report(new TrainingProgress("featurizing", 0.05));
        var featurizer = Featurizer.Fit(schema, fitRows.Select(r => r.Features).ToList(), options.TextDimension);
        var vectors = fitRows.Select(r => featurizer.TransformSingle(r.Features)).ToList();
        var classes = fitRows.Select(r => classOf[r.Label]).ToList();

        var wanted = options.Trainer == Trainers.Auto ? new[] { Trainers.LogisticRegression, Trainers.BoostedTrees } : [options.Trainer];
        var candidates = new List<(MlNetModel Model, TrainerScore Score)>();
        for (var i = 0; i < wanted.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            var started = System.Diagnostics.Stopwatch.StartNew();
            progress?.Report(new TrainingProgress($"training {wanted[i]}", 0.1 + 0.75 * i / wanted.Length));
            var (transformer, zip) = VectorTraining.Fit(vectors, classes, featurizer.Dimension, labels.Count, wanted[i], options);
            var model = new MlNetModel(labels, featurizer, transformer, zip, wanted[i], 1);
            var logits = validationRows.Select(r => model.Logits(r.Features)).ToList();
            var truth = validationRows.Select(r => classOf[r.Label]).ToList();
            // With no validation errors the data cannot say how overconfident the model is: the fitted temperature
            // would only sharpen it without limit (and raise the holdout ECE), so it stays 1.
            var flawless = logits.Count > 0 && logits.Zip(truth).All(x => Array.IndexOf(x.First, x.First.Max()) == x.Second);
            var temperature = flawless ? 1 : Calibrator.FitTemperature(logits, truth);
            var accuracy = logits.Count == 0 ? 0 : logits.Zip(truth).Count(x => Array.IndexOf(x.First, x.First.Max()) == x.Second) / (double)logits.Count;
            candidates.Add((model.WithTemperature(temperature),
                new TrainerScore(wanted[i], logits.Count == 0 ? double.NaN : Calibrator.Nll(logits, truth, temperature), accuracy, started.Elapsed.TotalSeconds)));
        }
        // The lower validation log-loss wins; without a validation share, the simpler model.
        var chosen = candidates.OrderBy(c => double.IsNaN(c.Score.ValidationLogLoss) ? double.MaxValue : c.Score.ValidationLogLoss)
            .ThenBy(c => c.Score.Trainer == Trainers.LogisticRegression ? 0 : 1).First().Model;

        progress?.Report(new TrainingProgress("evaluating", 0.9));
        var scored = holdout.Where(h => classOf.ContainsKey(h.Label)).ToList();
        var report = Evaluate(chosen, scored, classOf);
        var before = Evaluate(chosen.WithTemperature(1), scored, classOf);
        progress?.Report(new TrainingProgress("done", 1));
        return new TrainedModel(chosen, report, before.ExpectedCalibrationError, fitRows.Count, validationRows.Count,
            candidates.Select(c => c.Score).ToList());
    }

    public static EvaluationReport Evaluate(IScoringModel model, IReadOnlyList<TrainingExample> rows, IReadOnlyDictionary<string, int>? classOf = null)
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
}

/// <summary>
/// The ML.NET half of training, on feature vectors: what <see cref="ModelTrainer"/> calls after featurizing, and
/// what the benchmark times against scikit-learn on the very same matrix.
/// </summary>
public static class VectorTraining
{
    /// <summary>Fits the trainer; returns the model and its stored form (an ML.NET model zip).</summary>
    public static (ITransformer Model, byte[] Zip) Fit(IReadOnlyList<float[]> vectors, IReadOnlyList<int> classes, int dimension, int classCount,
        string trainer, TrainerOptions options)
    {
        var ml = new MLContext(options.Seed);
        var data = ml.Data.LoadFromEnumerable(
            vectors.Select((x, i) => new MlNetModel.Row { Features = x, Label = (uint)classes[i] }).ToList(), MlNetModel.RowSchema(dimension, classCount));
        var model = Estimator(ml, trainer, options, vectors.Count).Fit(data);
        return (model, MlNetModel.Save(model, data.Schema));
    }

    /// <summary>Class probabilities of feature vectors, for measuring a fitted model outside the console.</summary>
    public static Func<float[], float[]> Scorer(ITransformer model, int dimension, int classCount)
    {
        var engine = new MLContext().Model.CreatePredictionEngine<MlNetModel.Row, MlNetModel.Scored>(model, ignoreMissingColumns: true,
            inputSchemaDefinition: MlNetModel.RowSchema(dimension, classCount));
        return x => engine.Predict(new MlNetModel.Row { Features = x }).Score;
    }

    private static IEstimator<ITransformer> Estimator(MLContext ml, string trainer, TrainerOptions options, int rows) => trainer switch
    {
        // scikit-learn's C: the loss summed over rows plus ||W||^2 / 2C, which is ML.NET's L2 weight 1/C.
        Trainers.LogisticRegression => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = nameof(MlNetModel.Row.Label),
            FeatureColumnName = nameof(MlNetModel.Row.Features),
            L2Regularization = (float)(1 / options.C),
            L1Regularization = 0,
            MaximumNumberOfIterations = options.MaxIterations,
            OptimizationTolerance = 1e-7f,
            NumberOfThreads = options.Threads,
        }),
        Trainers.BoostedTrees => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
        {
            LabelColumnName = nameof(MlNetModel.Row.Label),
            FeatureColumnName = nameof(MlNetModel.Row.Features),
            NumberOfIterations = options.Trees,
            LearningRate = 0.1,
            NumberOfLeaves = 31,
            // Small workflows have a few hundred labels: leaves of 20 would stop the trees from growing at all.
            MinimumExampleCountPerLeaf = Math.Clamp(rows / 100, 2, 20),
            Seed = options.Seed,
            Silent = true,
            NumberOfThreads = options.Threads,
        }),
        _ => throw new TrainingRefusedException($"'{trainer}' is not a trainer; use {string.Join(", ", Trainers.Requestable)}."),
    };

}
