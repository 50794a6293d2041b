using ReviewConsole.Core.Ladder;
using ReviewConsole.Core.Statistics;

namespace ReviewConsole.Core.Tests.Ladder;

public sealed class GateEvaluatorTests
{
    private static LadderEvidence Shadow(long comparisons, long agreed) => new(comparisons, comparisons, agreed, []);

    [Fact]
    public void ShadowNeedsPredictionsArriving()
    {
        var none = GateEvaluator.Evaluate(AutomationLevel.Manual, Criticality.Medium, GateSettings.Default, new LadderEvidence(0, 0, 0, []));
        var some = GateEvaluator.Evaluate(AutomationLevel.Manual, Criticality.Medium, GateSettings.Default, new LadderEvidence(1, 0, 0, []));

        Assert.False(none.AllPassed);
        Assert.True(some.AllPassed);
    }

    [Theory]
    [InlineData(199, 199, false)] // one comparison short
    [InlineData(200, 171, false)] // agreement lower bound 0.7995
    [InlineData(200, 172, true)]  // agreement lower bound 0.8051
    public void AssistNeedsTwoHundredComparisonsAndAgreementBoundOfPointEight(long comparisons, long agreed, bool passes)
    {
        var evaluation = GateEvaluator.Evaluate(AutomationLevel.Shadow, Criticality.Medium, GateSettings.Default, Shadow(comparisons, agreed));

        Assert.Equal(passes, evaluation.AllPassed);
    }

    [Fact]
    public void PartialProposesAThresholdAndPassesWithEnoughPreciseEvidence()
    {
        var labelled = Enumerable.Range(0, 600).Select(i => new LabelledPrediction(i < 300 ? 0.97 : 0.6, i < 300 || i % 2 == 0, "DE")).ToList();

        var evaluation = GateEvaluator.Evaluate(AutomationLevel.Assist, Criticality.Low, GateSettings.Default, new LadderEvidence(600, 0, 0, labelled));

        Assert.True(evaluation.AllPassed, string.Join("; ", evaluation.Gates.Where(g => !g.Passed).Select(g => g.Name)));
        Assert.Equal(0.97, evaluation.Threshold);
    }

    [Fact]
    public void PartialFailsWithTooFewLabelsEvenWhenPrecise()
    {
        var labelled = Enumerable.Repeat(new LabelledPrediction(0.97, true, "DE"), 499).ToList();

        var evaluation = GateEvaluator.Evaluate(AutomationLevel.Assist, Criticality.Low, GateSettings.Default, new LadderEvidence(499, 0, 0, labelled));

        Assert.Equal(["labelled-with-predictions"], evaluation.Gates.Where(g => !g.Passed).Select(g => g.Name));
    }

    [Fact]
    public void AChosenThresholdIsEvaluatedInsteadOfTheProposal()
    {
        var labelled = Enumerable.Range(0, 600).Select(i => new LabelledPrediction(i < 300 ? 0.97 : 0.6, i < 300 || i % 2 == 0, "DE")).ToList();

        var evaluation = GateEvaluator.Evaluate(AutomationLevel.Assist, Criticality.Low, GateSettings.Default, new LadderEvidence(600, 0, 0, labelled), 0.5);

        Assert.Equal(0.5, evaluation.Threshold);
        Assert.False(evaluation.Gates.Single(g => g.Name == "threshold-precision").Passed);
    }

    [Fact]
    public void HighCriticalityNeedsNinetyNinePercentAndNeverReachesFullWithoutForce()
    {
        var labelled = Enumerable.Repeat(new LabelledPrediction(0.99, true), 5000).ToList();

        var evaluation = GateEvaluator.Evaluate(AutomationLevel.Partial, Criticality.High, GateSettings.Default, new LadderEvidence(5000, 0, 0, labelled));

        Assert.Equal(["criticality"], evaluation.Gates.Where(g => !g.Passed).Select(g => g.Name));
        Assert.Equal(0.99, evaluation.Gates.Single(g => g.Name == "overall-agreement").Required);
    }

    [Fact]
    public void OverridesReplaceTheDefaults()
    {
        var settings = GateSettings.Default with { MinShadowComparisons = 50 };

        var evaluation = GateEvaluator.Evaluate(AutomationLevel.Shadow, Criticality.Medium, settings, Shadow(50, 50));

        Assert.True(evaluation.AllPassed);
    }
}
