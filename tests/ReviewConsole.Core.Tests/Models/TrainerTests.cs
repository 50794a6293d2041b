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

        var trained = ModelTrainer.Train(schema, Labels, rows[..500], rows[500..],
            new TrainerOptions(C: 1000, MaxIterations: 500, Trainer: Trainers.LogisticRegression));

        Assert.True(trained.Holdout.Accuracy >= 0.99, $"accuracy {trained.Holdout.Accuracy}");
        Assert.Equal(Trainers.LogisticRegression, trained.Model.Trainer);
        // No validation errors: nothing says how overconfident it is, so no sharpening temperature.
        Assert.Equal(1, trained.Model.Temperature);
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

        var trained = ModelTrainer.Train(schema, ["a", "b"], train, holdout,
            new TrainerOptions(C: 1e4, MaxIterations: 400, ValidationShare: 0.3, Trainer: Trainers.LogisticRegression));

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

    private static List<TrainingExample> Mixed(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var x = random.NextDouble();
            return new TrainingExample(Row(("x", x), ("note", x > 0.5 ? "big invoice" : "small receipt"), ("colour", random.Next(2) == 0 ? "red" : "blue")),
                x > 0.66 ? "c" : x > 0.33 ? "b" : "a");
        }).ToList();
    }

    private static readonly FeatureField[] MixedSchema =
        [new("x", FeatureType.Numeric), new("note", FeatureType.Text), new("colour", FeatureType.Categorical)];

    [Theory]
    [InlineData(Trainers.LogisticRegression)]
    [InlineData(Trainers.BoostedTrees)]
    public void TheSameSeedGivesTheSameModelAndItSurvivesStorage(string trainer)
    {
        var rows = Mixed(300, 9);

        var first = ModelTrainer.Train(MixedSchema, Labels, rows, rows, new TrainerOptions(Seed: 4, Trainer: trainer));
        var second = ModelTrainer.Train(MixedSchema, Labels, rows, rows, new TrainerOptions(Seed: 4, Trainer: trainer));
        var stored = ScoringModels.Deserialize(first.Model.Serialize());

        Assert.Equal(first.Model.Temperature, second.Model.Temperature);
        foreach (var row in rows.Take(20))
        {
            Assert.Equal(first.Model.Predict(row.Features).Probabilities, second.Model.Predict(row.Features).Probabilities);
            Assert.Equal(first.Model.Predict(row.Features).Probabilities, stored.Predict(row.Features).Probabilities);
        }
        Assert.Equal(trainer, stored.Trainer);
    }

    [Fact]
    public void UnseenCategoriesMissingValuesAndEmptyTextScoreWithoutFailing()
    {
        var trained = ModelTrainer.Train(MixedSchema, Labels, Mixed(200, 3), [], new TrainerOptions());

        var odd = trained.Model.Predict(Row(("colour", "green")));
        var empty = trained.Model.Predict(JsonSerializer.SerializeToElement(new { }));

        Assert.Equal(1, odd.Probabilities.Values.Sum(), 6);
        Assert.Equal(1, empty.Probabilities.Values.Sum(), 6);
        Assert.Contains(odd.Label, Labels);
    }

    [Theory]
    [InlineData(Trainers.LogisticRegression)]
    [InlineData(Trainers.BoostedTrees)]
    public void AHugeNumberStillScoresAsAProbability(string trainer)
    {
        var trained = ModelTrainer.Train(MixedSchema, Labels, Mixed(200, 5), [], new TrainerOptions(Trainer: trainer));

        foreach (var x in new[] { 1e300, -1e300, double.MaxValue })
        {
            var prediction = trained.Model.Predict(Row(("x", x), ("note", "big invoice")));
            Assert.All(prediction.Probabilities.Values, p => Assert.True(double.IsFinite(p), $"{x}: {p}"));
            Assert.Equal(1, prediction.Probabilities.Values.Sum(), 6);
        }
    }

    [Fact]
    public void ASingleLabelIsRefusedWithAReason()
    {
        var rows = Mixed(100, 1).Select(r => r with { Label = "a" }).ToList();

        var refused = Assert.Throws<TrainingRefusedException>(() => ModelTrainer.Train(MixedSchema, Labels, rows, [], new TrainerOptions()));

        Assert.Contains("at least two labels", refused.Message);
    }

    [Fact]
    public void OnInteractionsTheTreesWinAndOnALinearBoundaryTheWinnerHasTheLowerValidationLoss()
    {
        // XOR of two thresholds: no linear boundary separates it; trees do.
        var random = new Random(13);
        var xor = Enumerable.Range(0, 1500).Select(_ =>
        {
            double u = random.NextDouble(), v = random.NextDouble();
            return new TrainingExample(Row(("u", u), ("v", v)), (u > 0.5) ^ (v > 0.5) ? "a" : "b");
        }).ToList();
        var schema = new[] { new FeatureField("u", FeatureType.Numeric), new FeatureField("v", FeatureType.Numeric) };

        var trained = ModelTrainer.Train(schema, ["a", "b"], xor[..1200], xor[1200..], new TrainerOptions(ValidationShare: 0.2));

        Assert.Equal(Trainers.BoostedTrees, trained.Model.Trainer);
        Assert.Equal(2, trained.Candidates.Count);
        Assert.Equal(trained.Candidates.MinBy(c => c.ValidationLogLoss)!.Trainer, trained.Model.Trainer);
        Assert.True(trained.Holdout.Accuracy > 0.9, $"accuracy {trained.Holdout.Accuracy}");
        var linear = trained.Candidates.Single(c => c.Trainer == Trainers.LogisticRegression);
        Assert.True(linear.ValidationAccuracy < 0.7, $"a linear model cannot learn XOR, yet scored {linear.ValidationAccuracy}");
    }

    [Fact]
    public void AVersionOfThePreviousTrainerKeepsScoring()
    {
        // Stored by the MathNet trainer: featurizer, weights class by class (d weights then the bias), temperature.
        var featurizer = Featurizer.Fit([new FeatureField("x", FeatureType.Numeric)], [Row(("x", 0.0)), Row(("x", 2.0))]);
        var legacy = new LinearModel(["a", "b"], featurizer, [-3, 0, 0, 3, 0, 0], 1).Serialize();

        var model = ScoringModels.Deserialize(legacy);

        Assert.Equal(Trainers.Legacy, model.Trainer);
        Assert.Equal("b", model.Predict(Row(("x", 3.0))).Label);
        Assert.Equal("a", model.Predict(Row(("x", -1.0))).Label);
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
