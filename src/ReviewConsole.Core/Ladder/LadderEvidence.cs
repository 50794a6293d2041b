using ReviewConsole.Core.Statistics;

namespace ReviewConsole.Core.Ladder;

/// <summary>What the gates look at, gathered from the workflow's stored history.</summary>
/// <param name="Predictions">Predictions received for the workflow.</param>
/// <param name="ShadowComparisons">Items labelled in shadow with a hidden model label.</param>
/// <param name="ShadowAgreed">Of those, how many the model got right.</param>
/// <param name="Labelled">Every item both the model and a human labelled (shadow, assist, low confidence, audits).</param>
public sealed record LadderEvidence(long Predictions, long ShadowComparisons, long ShadowAgreed, IReadOnlyList<LabelledPrediction> Labelled);
