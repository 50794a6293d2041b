using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ReviewConsole.Core.Models;

namespace ReviewConsole.Benchmarks.Trainer;

/// <summary>
/// product.md: built-in trainer on 100k rows x 50 features x 5 classes in at most 10 s and at most 1.5x
/// scikit-learn's LogisticRegression time in the same run, accuracy within 1 point on the same split.
/// </summary>
public static class TrainerBenchmark
{
    private sealed record Baseline(double Seconds, double Accuracy, int Iterations);

    public static int Run()
    {
        var folder = Directory.CreateTempSubdirectory("rc-bench-trainer").FullName;
        try
        {
            Console.WriteLine("trainer: scikit-learn generates the data (make_classification, random_state=7) and fits first...");
            var baseline = RunSklearn(folder);
            var train = Read(Path.Combine(folder, "train.csv"));
            var test = Read(Path.Combine(folder, "test.csv"));

            var evaluations = 0;
            var clock = Stopwatch.StartNew();
            var weights = LogisticRegression.Fit(train, c: 1.0, maxIterations: 200, onIteration: _ => evaluations++);
            var seconds = clock.Elapsed.TotalSeconds;
            var accuracy = Accuracy(weights, test);

            Console.WriteLine();
            Console.WriteLine($"{"",-34}{"seconds",10}{"accuracy",10}{"evaluations",13}");
            Console.WriteLine($"{"ReviewConsole (MathNet L-BFGS)",-34}{seconds,10:0.00}{accuracy,10:0.0000}{evaluations,13}");
            Console.WriteLine($"{"scikit-learn LogisticRegression",-34}{baseline.Seconds,10:0.00}{baseline.Accuracy,10:0.0000}{baseline.Iterations,13}");
            Console.WriteLine();
            var ratio = seconds / baseline.Seconds;
            var gap = (baseline.Accuracy - accuracy) * 100;
            Console.WriteLine($"time ratio {ratio:0.00}x (target <= 1.5x), absolute {seconds:0.00} s (target <= 10 s), accuracy gap {gap:+0.00;-0.00} points (target within 1)");
            var passed = ratio <= 1.5 && seconds <= 10 && Math.Abs(gap) <= 1;
            Console.WriteLine(passed ? "trainer: PASS" : "trainer: FAIL");
            return passed ? 0 : 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Baseline RunSklearn(string folder)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Trainer", "sklearn_baseline.py");
        using var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, folder]) { RedirectStandardOutput = true })!;
        var output = python.StandardOutput.ReadToEnd();
        python.WaitForExit();
        if (python.ExitCode != 0)
            throw new InvalidOperationException("scikit-learn baseline failed; install it with: apt-get install -y python3-sklearn");
        return JsonSerializer.Deserialize<Baseline>(output.Trim().Split('\n')[^1], JsonSerializerOptions.Web)!;
    }

    private static DesignMatrix Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var columns = lines[0].Split(',').Length - 1;
        var values = new double[lines.Length * columns];
        var classes = new int[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            classes[i] = (int)double.Parse(cells[0], CultureInfo.InvariantCulture);
            for (var j = 0; j < columns; j++)
                values[i * columns + j] = double.Parse(cells[j + 1], CultureInfo.InvariantCulture);
        }
        return new DesignMatrix(values, lines.Length, columns, classes, classes.Max() + 1);
    }

    private static double Accuracy(double[] weights, DesignMatrix test)
    {
        var scores = new double[test.ClassCount];
        var correct = 0;
        for (var i = 0; i < test.Rows; i++)
        {
            LogisticRegression.Scores(weights, test.ClassCount, test.Row(i), scores);
            if (Array.IndexOf(scores, scores.Max()) == test.Classes[i])
                correct++;
        }
        return (double)correct / test.Rows;
    }
}
