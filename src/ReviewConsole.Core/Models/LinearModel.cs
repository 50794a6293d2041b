using System.Text.Json;

namespace ReviewConsole.Core.Models;

/// <summary>
/// A linear model trained by the previous, hand-written trainer (featurizer, weights, temperature). No longer
/// trained, but every stored version keeps scoring after an upgrade.
/// </summary>
public sealed record LinearModel(IReadOnlyList<string> Labels, Featurizer Featurizer, double[] Weights, double Temperature) : IScoringModel
{
    public string Trainer => Trainers.Legacy;

    public double[] Logits(JsonElement features)
    {
        var x = Featurizer.Transform(features);
        var scores = new double[Labels.Count];
        // Weights laid out class by class: d weights then the bias.
        var width = x.Length + 1;
        for (var c = 0; c < Labels.Count; c++)
        {
            var w = Weights.AsSpan(c * width, x.Length);
            double sum = Weights[c * width + x.Length];
            for (var i = 0; i < x.Length; i++)
                sum += w[i] * x[i];
            scores[c] = sum;
        }
        return scores;
    }

    public string Serialize() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static LinearModel Deserialize(string json) => JsonSerializer.Deserialize<LinearModel>(json, JsonSerializerOptions.Web)!;
}
