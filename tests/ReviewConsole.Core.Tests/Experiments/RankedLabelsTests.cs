using ReviewConsole.Core.Experiments;

namespace ReviewConsole.Core.Tests.Experiments;

public sealed class RankedLabelsTests
{
    private static readonly string[] Labels = ["travel", "software", "office", "hardware"];

    [Fact]
    public void ThePredictedLabelLeadsThenTheOthersByProbabilityThenByTheWorkflowsOrder()
    {
        var ranked = RankedLabels.Of("office", new Dictionary<string, double> { ["office"] = 0.5, ["hardware"] = 0.2, ["software"] = 0.2, ["travel"] = 0.1 }, Labels);

        Assert.Equal(["office", "software", "hardware"], ranked);
    }

    [Fact]
    public void WithoutProbabilitiesOnlyThePredictedLabelIsKnownAndUnknownLabelsAreLeftOut()
    {
        Assert.Equal(["travel"], RankedLabels.Of("travel", null, Labels));
        Assert.Equal(["travel", "office"], RankedLabels.Of("travel", new Dictionary<string, double> { ["travel"] = 0.6, ["office"] = 0.3, ["nope"] = 0.1 }, Labels));
    }
}
