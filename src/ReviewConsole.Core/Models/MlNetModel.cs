using System.Text.Json;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace ReviewConsole.Core.Models;

/// <summary>
/// A built-in model trained with ML.NET: the featurizer turns an item's features into the vector the ML.NET model
/// was trained on; the model gives class probabilities; the temperature calibrates them. Prediction engines are not
/// thread-safe, so each scoring call borrows one from a pool. Stored as JSON with the ML.NET model zip inside.
/// </summary>
public sealed class MlNetModel : IScoringModel
{
    public const string Format = "mlnet-v1";

    internal sealed class Row
    {
        public float[] Features = [];
        public uint Label;
    }

    internal sealed class Scored
    {
        public float[] Score = [];
    }

    private static readonly MLContext Context = new(seed: 0);
    private readonly ITransformer _model;
    private readonly byte[] _zip;
    private readonly ObjectPool<PredictionEngine<Row, Scored>> _engines;

    internal MlNetModel(IReadOnlyList<string> labels, Featurizer featurizer, ITransformer model, byte[] zip, string trainer, double temperature)
    {
        Labels = labels;
        Featurizer = featurizer;
        Trainer = trainer;
        Temperature = temperature;
        _model = model;
        _zip = zip;
        var schema = RowSchema(featurizer.Dimension, labels.Count);
        _engines = new DefaultObjectPool<PredictionEngine<Row, Scored>>(
            new EnginePolicy(() => Context.Model.CreatePredictionEngine<Row, Scored>(_model, ignoreMissingColumns: true, inputSchemaDefinition: schema)),
            Environment.ProcessorCount * 2);
    }

    public IReadOnlyList<string> Labels { get; }
    public Featurizer Featurizer { get; }
    public string Trainer { get; }
    public double Temperature { get; }

    /// <summary>The same model with another temperature (calibration happens after training).</summary>
    internal MlNetModel WithTemperature(double temperature) => new(Labels, Featurizer, _model, _zip, Trainer, temperature);

    public double[] Logits(JsonElement features)
    {
        var row = new Row { Features = Featurizer.TransformSingle(features) };
        var engine = _engines.Get();
        try
        {
            return LogitsOf(engine.Predict(row).Score);
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    /// <summary>Log-probabilities: temperature scaling of them is temperature scaling of the softmax they came from.</summary>
    internal static double[] LogitsOf(ReadOnlySpan<float> probabilities)
    {
        double sum = 0;
        foreach (var p in probabilities)
            sum += float.IsFinite(p) && p > 0 ? p : 0;
        var logits = new double[probabilities.Length];
        // A score the model cannot give (non-finite) is no opinion: equal logits, the least confident prediction.
        if (!(sum > 0) || !double.IsFinite(sum))
            return logits;
        for (var i = 0; i < logits.Length; i++)
            logits[i] = Math.Log((float.IsFinite(probabilities[i]) && probabilities[i] > 0 ? probabilities[i] : 0) / sum + 1e-12);
        return logits;
    }

    internal static SchemaDefinition RowSchema(int dimension, int classes)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        // A key per label in the workflow's order; loaded from this class the value is the 0-based label index, and score slot i is label i.
        schema[nameof(Row.Label)].ColumnType = new KeyDataViewType(typeof(uint), classes);
        return schema;
    }

    private sealed record Stored(string Format, string Trainer, IReadOnlyList<string> Labels, Featurizer Featurizer, double Temperature, string Model);

    public string Serialize() =>
        JsonSerializer.Serialize(new Stored(Format, Trainer, Labels, Featurizer, Temperature, Convert.ToBase64String(_zip)), JsonSerializerOptions.Web);

    internal static MlNetModel Deserialize(JsonElement json)
    {
        var stored = json.Deserialize<Stored>(JsonSerializerOptions.Web)!;
        var zip = Convert.FromBase64String(stored.Model);
        using var stream = new MemoryStream(zip);
        var model = Context.Model.Load(stream, out _);
        return new MlNetModel(stored.Labels, stored.Featurizer, model, zip, stored.Trainer, stored.Temperature);
    }

    internal static byte[] Save(ITransformer model, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        Context.Model.Save(model, schema, stream);
        return stream.ToArray();
    }

    private sealed class EnginePolicy(Func<PredictionEngine<Row, Scored>> create) : IPooledObjectPolicy<PredictionEngine<Row, Scored>>
    {
        public PredictionEngine<Row, Scored> Create() => create();

        public bool Return(PredictionEngine<Row, Scored> engine) => true;
    }
}
