using System.Text.Json;

namespace ReviewConsole.Core.Models;

public sealed record ModelPrediction(string Label, double Confidence, IReadOnlyDictionary<string, double> Probabilities);

/// <summary>A trained built-in model as the console uses it: immutable, safe to call from many threads.</summary>
public interface IScoringModel
{
    IReadOnlyList<string> Labels { get; }

    /// <summary>Which trainer made it (<see cref="Trainers"/>).</summary>
    string Trainer { get; }

    double Temperature { get; }

    /// <summary>Uncalibrated logits, one per label.</summary>
    double[] Logits(JsonElement features);

    string Serialize();
}

public static class ScoringModels
{
    /// <summary>Temperature-scaled probabilities and the most likely label.</summary>
    public static ModelPrediction Predict(this IScoringModel model, JsonElement features)
    {
        var p = Calibrator.Softmax(model.Logits(features), model.Temperature);
        var best = 0;
        for (var c = 1; c < p.Length; c++)
        {
            if (p[c] > p[best])
                best = c;
        }
        var probabilities = new Dictionary<string, double>(p.Length);
        for (var c = 0; c < p.Length; c++)
            probabilities[model.Labels[c]] = p[c];
        return new ModelPrediction(model.Labels[best], p[best], probabilities);
    }

    /// <summary>Reads a stored artifact: an ML.NET model, or a linear model of the previous trainer (which keeps scoring).</summary>
    public static IScoringModel Deserialize(string artifact)
    {
        using var document = JsonDocument.Parse(artifact);
        return document.RootElement.TryGetProperty("format", out var format) && format.GetString() == MlNetModel.Format
            ? MlNetModel.Deserialize(document.RootElement)
            : LinearModel.Deserialize(artifact);
    }
}

/// <summary>The trainers a built-in model can come from.</summary>
public static class Trainers
{
    public const string Auto = "auto";
    public const string LogisticRegression = "logistic-regression";
    public const string BoostedTrees = "boosted-trees";
    /// <summary>Versions trained before ML.NET: the hand-written L-BFGS logistic regression.</summary>
    public const string Legacy = "logistic-regression-legacy";

    public static IReadOnlyList<string> Requestable { get; } = [Auto, LogisticRegression, BoostedTrees];
}
