using System.Text.Json;

namespace ReviewConsole.Core.Models;

public sealed record ModelPrediction(string Label, double Confidence, IReadOnlyDictionary<string, double> Probabilities);

/// <summary>A trained built-in model: featurizer, weights and temperature. Immutable; serialised whole into the registry.</summary>
public sealed record BuiltInModel(IReadOnlyList<string> Labels, Featurizer Featurizer, double[] Weights, double Temperature)
{
    public double[] Logits(JsonElement features)
    {
        var x = Featurizer.Transform(features);
        var scores = new double[Labels.Count];
        LogisticRegression.Scores(Weights, Labels.Count, x, scores);
        return scores;
    }

    public ModelPrediction Predict(JsonElement features)
    {
        var p = Calibrator.Softmax(Logits(features), Temperature);
        var best = 0;
        for (var c = 1; c < p.Length; c++)
        {
            if (p[c] > p[best])
                best = c;
        }
        return new ModelPrediction(Labels[best], p[best], Labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => p[x.i]));
    }

    public string Serialize() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static BuiltInModel Deserialize(string json) => JsonSerializer.Deserialize<BuiltInModel>(json, JsonSerializerOptions.Web)!;
}
