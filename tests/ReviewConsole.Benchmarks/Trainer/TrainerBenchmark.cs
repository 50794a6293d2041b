using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ReviewConsole.Core.Models;
using ReviewConsole.Core.Schema;

namespace ReviewConsole.Benchmarks.Trainer;

/// <summary>
/// Issue 11's targets, each beside its same-run comparison:
/// - logistic regression (ML.NET L-BFGS) vs scikit-learn's LogisticRegression on 100k x 50 x 5: time at most 1.5x,
///   accuracy within 1 point;
/// - gradient-boosted trees (ML.NET LightGBM) vs scikit-learn's HistGradientBoostingClassifier on a non-linear set
///   of the same size: time at most 2x, accuracy within 1 point; and how far the logistic regression falls behind;
/// - scoring through the console's path (JSON features, featurizer, pooled prediction engine, temperature): single
///   items p99 at most 1 ms, a 10,000-item batch in at most 200 ms.
/// </summary>
public static class TrainerBenchmark
{
    private sealed record Baseline(double Seconds, double Accuracy);

    private sealed record Data(List<float[]> X, List<int> Y);

    public static int Run()
    {
        var failures = 0;
        failures += Compare("linear", Trainers.LogisticRegression, "scikit-learn LogisticRegression", ratioTarget: 1.5, alsoLinear: false);
        failures += Compare("nonlinear", Trainers.BoostedTrees, "scikit-learn HistGradientBoosting", ratioTarget: 2.0, alsoLinear: true);
        failures += Scoring();
        return failures;
    }

    private static int Compare(string kind, string trainer, string baselineName, double ratioTarget, bool alsoLinear)
    {
        var folder = Directory.CreateTempSubdirectory("rc-bench-trainer").FullName;
        try
        {
            Console.WriteLine($"trainer ({kind}): scikit-learn generates the data (seed 7) and fits first...");
            var baseline = RunSklearn(folder, kind);
            var train = Read(Path.Combine(folder, "train.csv"));
            var test = Read(Path.Combine(folder, "test.csv"));
            var (seconds, accuracy) = FitAndScore(train, test, trainer);

            Console.WriteLine();
            Console.WriteLine($"{"",-40}{"seconds",10}{"accuracy",10}");
            Console.WriteLine($"{"ReviewConsole " + trainer,-40}{seconds,10:0.00}{accuracy,10:0.0000}");
            Console.WriteLine($"{baselineName,-40}{baseline.Seconds,10:0.00}{baseline.Accuracy,10:0.0000}");
            if (alsoLinear)
            {
                var (linearSeconds, linearAccuracy) = FitAndScore(train, test, Trainers.LogisticRegression);
                Console.WriteLine($"{"ReviewConsole " + Trainers.LogisticRegression,-40}{linearSeconds,10:0.00}{linearAccuracy,10:0.0000}");
                Console.WriteLine($"trees over the logistic regression here: {(accuracy - linearAccuracy) * 100:+0.0;-0.0} points");
            }
            var ratio = seconds / baseline.Seconds;
            var gap = (baseline.Accuracy - accuracy) * 100;
            Console.WriteLine($"time ratio {ratio:0.00}x (target <= {ratioTarget}x), accuracy gap {gap:+0.00;-0.00;0.00} points (target within 1)");
            var passed = ratio <= ratioTarget && Math.Abs(gap) <= 1;
            Console.WriteLine(passed ? $"trainer ({kind}): PASS" : $"trainer ({kind}): FAIL");
            Console.WriteLine();
            return passed ? 0 : 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (double Seconds, double Accuracy) FitAndScore(Data train, Data test, string trainer)
    {
        var dimension = train.X[0].Length;
        var classes = train.Y.Max() + 1;
        var clock = Stopwatch.StartNew();
        var (model, _) = VectorTraining.Fit(train.X, train.Y, dimension, classes, trainer, new TrainerOptions(C: 1.0, MaxIterations: 200));
        var seconds = clock.Elapsed.TotalSeconds;
        var score = VectorTraining.Scorer(model, dimension, classes);
        var correct = 0;
        for (var i = 0; i < test.X.Count; i++)
        {
            var p = score(test.X[i]);
            if (Array.IndexOf(p, p.Max()) == test.Y[i])
                correct++;
        }
        return (seconds, (double)correct / test.X.Count);
    }

    /// <summary>The console's own scoring path, on a model of the demo's shape (numbers, categories, text).</summary>
    private static int Scoring()
    {
        var schema = new[]
        {
            new FeatureField("amount", FeatureType.Numeric), new FeatureField("vendor", FeatureType.Categorical),
            new FeatureField("country", FeatureType.Categorical), new FeatureField("line_items", FeatureType.Numeric),
            new FeatureField("description", FeatureType.Text),
        };
        string[] labels = ["travel", "software", "office", "hardware", "consulting"];
        var random = new Random(3);
        JsonElement Features() => JsonSerializer.SerializeToElement(new
        {
            amount = random.NextDouble() * 5000, vendor = $"vendor-{random.Next(80)}", country = new[] { "DE", "FR", "IT", "ES" }[random.Next(4)],
            line_items = random.Next(1, 20), description = $"invoice for {labels[random.Next(5)]} and item {random.Next(1000)}",
        });
        var rows = Enumerable.Range(0, 5000).Select(_ =>
        {
            var f = Features();
            return new TrainingExample(f, labels[(int)(f.GetProperty("amount").GetDouble() / 1000) % 5]);
        }).ToList();
        var items = Enumerable.Range(0, 10_000).Select(_ => Features()).ToList();
        var failures = 0;
        foreach (var trainer in new[] { Trainers.LogisticRegression, Trainers.BoostedTrees })
        {
            var model = ModelTrainer.Train(schema, labels, rows, [], new TrainerOptions(Trainer: trainer)).Model;
            foreach (var item in items.Take(1000))
                model.Predict(item);
            var latencies = new double[items.Count];
            for (var i = 0; i < items.Count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                model.Predict(items[i]);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            Array.Sort(latencies);
            var batch = Stopwatch.StartNew();
            foreach (var item in items)
                model.Predict(item);
            var batchMs = batch.Elapsed.TotalMilliseconds;
            var (p50, p99) = (latencies[latencies.Length / 2], latencies[(int)(latencies.Length * 0.99)]);
            var passed = p99 <= 1 && batchMs <= 200;
            Console.WriteLine($"scoring ({trainer}): single item p50 {p50:0.000} ms, p99 {p99:0.000} ms (target <= 1 ms); " +
                              $"10,000-item batch {batchMs:0} ms (target <= 200 ms): {(passed ? "PASS" : "FAIL")}");
            failures += passed ? 0 : 1;
        }
        return failures;
    }

    private static Baseline RunSklearn(string folder, string kind)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Trainer", "sklearn_baseline.py");
        using var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, folder, kind]) { RedirectStandardOutput = true })!;
        var output = python.StandardOutput.ReadToEnd();
        python.WaitForExit();
        if (python.ExitCode != 0)
            throw new InvalidOperationException("scikit-learn baseline failed; install it with: apt-get install -y python3-sklearn");
        return JsonSerializer.Deserialize<Baseline>(output.Trim().Split('\n')[^1], JsonSerializerOptions.Web)!;
    }

    private static Data Read(string path)
    {
        var x = new List<float[]>();
        var y = new List<int>();
        foreach (var line in File.ReadLines(path))
        {
            var cells = line.Split(',');
            y.Add((int)double.Parse(cells[0], CultureInfo.InvariantCulture));
            x.Add(cells.Skip(1).Select(c => float.Parse(c, CultureInfo.InvariantCulture)).ToArray());
        }
        return new Data(x, y);
    }
}
