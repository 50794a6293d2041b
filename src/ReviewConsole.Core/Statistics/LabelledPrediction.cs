namespace ReviewConsole.Core.Statistics;

/// <summary>One item both the model and a human labelled: the model's confidence, whether they agreed, and its slice.</summary>
public readonly record struct LabelledPrediction(double Confidence, bool Agreed, string? Slice = null);
