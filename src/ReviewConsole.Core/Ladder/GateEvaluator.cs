using ReviewConsole.Core.Statistics;

namespace ReviewConsole.Core.Ladder;

public enum GateFormat
{
    Count,
    Ratio,
    Allowed,
}

/// <summary>One gate: what it requires, what the evidence shows, and whether it passes.</summary>
public sealed record GateResult(string Name, string Description, GateFormat Format, double Required, double? Actual, bool Passed);

public sealed record GateEvaluation(AutomationLevel From, AutomationLevel To, IReadOnlyList<GateResult> Gates, double? Threshold, ThresholdProposal? Proposal)
{
    public bool AllPassed => Gates.All(g => g.Passed);
}

/// <summary>Evaluates the gates of one promotion step, exactly as product.md lists them.</summary>
public static class GateEvaluator
{
    public static GateEvaluation Evaluate(
        AutomationLevel from, Criticality criticality, GateSettings settings, LadderEvidence evidence, double? chosenThreshold = null)
    {
        if (from == AutomationLevel.Full)
            throw new ArgumentOutOfRangeException(nameof(from), "Full is the top of the ladder.");
        var to = from + 1;
        var target = settings.Target(criticality);
        return to switch
        {
            AutomationLevel.Shadow => new GateEvaluation(from, to,
                [Count("predictions-arriving", "Predictions are arriving for the workflow", 1, evidence.Predictions)], null, null),
            AutomationLevel.Assist => new GateEvaluation(from, to,
            [
                Count("shadow-comparisons", "Items labelled in shadow with the model's label hidden", settings.MinShadowComparisons, evidence.ShadowComparisons),
                Ratio("shadow-agreement", "Model-vs-human agreement in shadow (Wilson lower bound)", settings.MinShadowAgreement,
                    evidence.ShadowComparisons == 0 ? null : Wilson.Lower(evidence.ShadowAgreed, evidence.ShadowComparisons, settings.ConfidenceLevel)),
            ], null, null),
            AutomationLevel.Partial => ToPartial(settings, evidence, target, chosenThreshold),
            _ => ToFull(criticality, settings, evidence, target),
        };
    }

    public static ThresholdRequirements Requirements(GateSettings settings, double target) =>
        new(target, settings.MinCoverage, settings.SliceMinItems, settings.SliceMargin, settings.ConfidenceLevel);

    private static GateEvaluation ToPartial(GateSettings settings, LadderEvidence evidence, double target, double? chosenThreshold)
    {
        var requirements = Requirements(settings, target);
        var proposal = ThresholdSearch.Propose(evidence.Labelled, requirements);
        var threshold = chosenThreshold ?? proposal.Proposed?.Threshold;
        var point = threshold is { } t ? ThresholdSearch.At(evidence.Labelled, t, settings.ConfidenceLevel) : null;
        var slices = threshold is { } s ? ThresholdSearch.Slices(evidence.Labelled, s, requirements) : [];
        var worstSlice = slices.Where(x => x.Checked).Select(x => (double?)x.PrecisionLower).Min();
        var sliceFloor = target - settings.SliceMargin;
        return new GateEvaluation(AutomationLevel.Assist, AutomationLevel.Partial,
        [
            Count("labelled-with-predictions", "Human-labelled items that have a model prediction", settings.MinAssistLabels, evidence.Labelled.Count),
            Ratio("threshold-precision", $"Precision of auto-decisions at the threshold (Wilson lower bound)", target, point?.PrecisionLower),
            Ratio("threshold-coverage", "Share of items the model would decide at the threshold", settings.MinCoverage, point?.Coverage),
            new GateResult("slice-precision", $"Worst slice with at least {settings.SliceMinItems} items (precision lower bound)", GateFormat.Ratio,
                sliceFloor, worstSlice, point is not null && (worstSlice is null || worstSlice >= sliceFloor)),
        ], threshold, proposal);
    }

    private static GateEvaluation ToFull(Criticality criticality, GateSettings settings, LadderEvidence evidence, double target)
    {
        long agreed = evidence.Labelled.Count(l => l.Agreed), total = evidence.Labelled.Count;
        return new GateEvaluation(AutomationLevel.Partial, AutomationLevel.Full,
        [
            Count("audited-or-labelled", "Audited or human-labelled items with a model label", settings.MinFullEvidence, total),
            Ratio("overall-agreement", "Overall model-vs-human agreement (Wilson lower bound)", target,
                total == 0 ? null : Wilson.Lower(agreed, total, settings.ConfidenceLevel)),
            new GateResult("criticality", "Full automation is not allowed for high-criticality workflows (admin force only)", GateFormat.Allowed,
                1, criticality == Criticality.High ? 0 : 1, criticality != Criticality.High),
        ], null, null);
    }

    private static GateResult Count(string name, string description, double required, long actual) =>
        new(name, description, GateFormat.Count, required, actual, actual >= required);

    private static GateResult Ratio(string name, string description, double required, double? actual) =>
        new(name, description, GateFormat.Ratio, required, actual, actual is { } value && value >= required);
}
