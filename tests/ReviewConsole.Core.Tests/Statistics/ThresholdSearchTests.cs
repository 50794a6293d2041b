using ReviewConsole.Core.Statistics;

namespace ReviewConsole.Core.Tests.Statistics;

public sealed class ThresholdSearchTests
{
    private static readonly ThresholdRequirements Requirements = new(TargetPrecision: 0.95, MinCoverage: 0.10, SliceMinItems: 30, SliceMargin: 0.05);

    /// <summary>300 items at 0.90-0.99 all right; below 0.90, groups of 20 per confidence all wrong.</summary>
    private static List<LabelledPrediction> KnownAnswerData()
    {
        var data = new List<LabelledPrediction>();
        for (var c = 90; c <= 99; c++)
            data.AddRange(Enumerable.Repeat(new LabelledPrediction(c / 100.0, true, "DE"), 30));
        for (var c = 50; c < 90; c++)
            data.AddRange(Enumerable.Repeat(new LabelledPrediction(c / 100.0, false, "DE"), 20));
        return data;
    }

    [Fact]
    public void ProposesTheLowestThresholdMeetingPrecisionAndCoverage()
    {
        var proposal = ThresholdSearch.Propose(KnownAnswerData(), Requirements);

        Assert.Equal(0.90, proposal.Proposed!.Threshold, 9);
        Assert.Equal((300, 300), (proposal.Proposed.Decided, proposal.Proposed.Correct));
        Assert.Equal(300.0 / 1100, proposal.Proposed.Coverage, 9);
    }

    [Fact]
    public void NoThresholdIsProposedWhenCoverageCannotBeMet()
    {
        var data = KnownAnswerData();
        var proposal = ThresholdSearch.Propose(data, Requirements with { MinCoverage = 0.5 });

        Assert.Null(proposal.Proposed);
        Assert.Equal(ThresholdSearch.CurvePoints, proposal.Curve.Count);
    }

    [Fact]
    public void ABadLargeSliceRaisesTheProposedThreshold()
    {
        var data = KnownAnswerData();
        // 40 French items at 0.95, only 28 right: at 0.90 the FR slice's lower bound is far below 0.90.
        data.AddRange(Enumerable.Repeat(new LabelledPrediction(0.95, true, "FR"), 28));
        data.AddRange(Enumerable.Repeat(new LabelledPrediction(0.95, false, "FR"), 12));

        var proposal = ThresholdSearch.Propose(data, Requirements);

        Assert.True(proposal.Proposed!.Threshold > 0.95);
        Assert.True(proposal.SlicesPass);
    }

    [Fact]
    public void SmallSlicesAreReportedButNotChecked()
    {
        var data = KnownAnswerData();
        data.AddRange(Enumerable.Repeat(new LabelledPrediction(0.99, false, "NL"), 5));

        var slices = ThresholdSearch.Slices(data, 0.9, Requirements);

        var nl = slices.Single(s => s.Slice == "NL");
        Assert.Equal((false, true), (nl.Checked, nl.Passed));
    }

    [Fact]
    public void TheCurveRunsFromFullCoverageAtZeroToNothingAboveTheTop()
    {
        var curve = ThresholdSearch.Curve(KnownAnswerData());

        Assert.Equal(1.0, curve[0].Coverage);
        Assert.Equal(0.0, curve[^1].Coverage);
        Assert.Equal(1.0, curve[90].Precision);
    }
}
