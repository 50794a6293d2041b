using System.Text.Json;
using ReviewConsole.Core.Models;
using ReviewConsole.Core.Schema;

namespace ReviewConsole.Core.Tests.Models;

public sealed class TrainerTests
{
    private static readonly string[] Labels = ["a", "b", "c"];

    private static JsonElement Row(params (string Name, object? Value)[] values) =>
        JsonSerializer.SerializeToElement(values.ToDictionary(v => v.Name, v => v.Value));

    [Fact]
    public void TheAnalyticGradientMatchesFiniteDifferences()
    {
        var random = new Random(3);
        const int n = 60, d = 4, k = 3;
        var data = new DesignMatrix(Enumerable.Range(0, n * d).Select(_ => random.NextDouble() * 2 - 1).ToArray(), n, d,
            Enumerable.Range(0, n).Select(_ => random.Next(k)).ToArray(), k);
        var theta = Enumerable.Range(0, k * (d + 1)).Select(_ => random.NextDouble() - 0.5).ToArray();
        var gradient = new double[theta.Length];

        LogisticRegression.ValueAndGradient(data, theta, c: 0.5, gradient);

        const double h = 1e-6;
        for (var i = 0; i < theta.Length; i++)
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[i] += h;
            minus[i] -= h;
            var numeric = (LogisticRegression.ValueAndGradient(data, plus, 0.5, new double[theta.Length])
                           - LogisticRegression.ValueAndGradient(data, minus, 0.5, new double[theta.Length])) / (2 * h);
            Assert.Equal(numeric, gradient[i], 6);
        }
    }

    [Fact]
    public void ALinearlySeparableCaseIsLearnedPerfectly()
    {
        var schema = new[] { new FeatureField("x", FeatureType.Numeric), new FeatureField("colour", FeatureType.Categorical) };
        var random = new Random(5);
        var rows = Enumerable.Range(0, 600).Select(_ =>
        {
            var x = random.NextDouble() * 6 - 3;
            var label = x < -1 ? "a" : x < 1 ? "b" : "c";
            var nudge = label == "b" ? 0 : Math.Sign(x) * 0.2;
            return new TrainingExample(Row(("x", x + nudge), ("colour", random.Next(2) == 0 ? "red" : "blue")), label);
        }).ToList();

        var trained = ModelTrainer.Train(schema, Labels, rows[..500], rows[500..], new TrainerOptions(C: 1000, MaxIterations: 500));

        Assert.True(trained.Holdout.Accuracy >= 0.99, $"accuracy {trained.Holdout.Accuracy}");
    }

    [Fact]
    public void TemperatureScalingLowersCalibrationErrorOfAnOverconfidentModel()
    {
        // Few rows, many noise features, almost no penalty: the fit is overconfident on new data.
        var schema = Enumerable.Range(0, 30).Select(i => new FeatureField($"f{i}", FeatureType.Numeric)).ToArray();
        var random = new Random(11);
        TrainingExample Example()
        {
            var values = Enumerable.Range(0, 30).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var label = values[0] + 0.8 * (random.NextDouble() * 2 - 1) > 0 ? "a" : "b";
            return new TrainingExample(Row(values.Select((v, i) => ($"f{i}", (object?)v)).ToArray()), label);
        }
        var train = Enumerable.Range(0, 400).Select(_ => Example()).ToList();
        var holdout = Enumerable.Range(0, 3000).Select(_ => Example()).ToList();

        var trained = ModelTrainer.Train(schema, ["a", "b"], train, holdout, new TrainerOptions(C: 1e4, MaxIterations: 400, ValidationShare: 0.3));

        Assert.True(trained.Model.Temperature > 1, $"temperature {trained.Model.Temperature}");
        Assert.True(trained.Holdout.ExpectedCalibrationError < trained.UncalibratedEce,
            $"ECE {trained.Holdout.ExpectedCalibrationError} vs {trained.UncalibratedEce} before");
    }

    [Fact]
    public void UnseenCategoriesAndMissingValuesHaveTheirOwnColumns()
    {
        var schema = new[] { new FeatureField("amount", FeatureType.Numeric), new FeatureField("country", FeatureType.Categorical) };
        var featurizer = Featurizer.Fit(schema, [Row(("amount", 10.0), ("country", "DE")), Row(("amount", 30.0), ("country", "FR"))]);

        var unseen = featurizer.Transform(Row(("amount", 20.0), ("country", "US")));
        var missing = featurizer.Transform(Row(("country", null)));

        var country = featurizer.Encodings.Single(e => e.Name == "country");
        Assert.Equal(3, country.Width);
        Assert.Equal(1, unseen[country.Offset + country.Width - 1]);
        Assert.Equal(0, unseen[0], 12);
        Assert.Equal([0.0, 1.0], missing[..2]);
        Assert.Equal(1, missing[country.Offset + country.Width - 1]);
    }

    [Fact]
    public void TextIsHashedStablyIntoAFixedWidth()
    {
        var featurizer = Featurizer.Fit([new FeatureField("note", FeatureType.Text)], [], textDimension: 16);

        var first = featurizer.Transform(Row(("note", "Train to Berlin, train back")));
        var again = featurizer.Transform(Row(("note", "train TO berlin train back")));

        Assert.Equal(16, first.Length);
        Assert.Equal(first, again);
        Assert.Equal(1, Math.Sqrt(first.Sum(v => v * v)), 12);
    }

    [Fact]
    public void TheSameSeedGivesTheSameModel()
    {
        var schema = new[] { new FeatureField("x", FeatureType.Numeric), new FeatureField("note", FeatureType.Text) };
        var random = new Random(9);
        var rows = Enumerable.Range(0, 300).Select(_ =>
        {
            var x = random.NextDouble();
            return new TrainingExample(Row(("x", x), ("note", x > 0.5 ? "big invoice" : "small receipt")), x > 0.66 ? "c" : x > 0.33 ? "b" : "a");
        }).ToList();

        var first = ModelTrainer.Train(schema, Labels, rows, rows, new TrainerOptions(Seed: 4));
        var second = ModelTrainer.Train(schema, Labels, rows, rows, new TrainerOptions(Seed: 4));

        Assert.Equal(first.Model.Weights, second.Model.Weights);
        Assert.Equal(first.Model.Temperature, second.Model.Temperature);
        Assert.Equal(first.Model.Serialize(), BuiltInModel.Deserialize(first.Model.Serialize()).Serialize());
    }

    [Fact]
    public void TheReportCountsClassesSlicesAndConfusion()
    {
        var report = EvaluationReport.Evaluate(["a", "b"], actual: [0, 0, 1, 1], predicted: [0, 1, 1, 1], confidence: [0.9, 0.6, 0.8, 0.7],
            slices: ["x", "x", "y", "y"]);

        Assert.Equal(0.75, report.Accuracy);
        Assert.Equal([[1L, 1L], [0L, 2L]], report.Confusion);
        Assert.Equal((0.5, 1.0), (report.Slices[0].Accuracy, report.Slices[1].Accuracy));
        Assert.Equal((2.0 / 3 + 0.8) / 2, report.MacroF1, 12);
    }
}
