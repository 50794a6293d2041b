using ReviewConsole.Core.Ladder;
using ReviewConsole.Core.Routing;

namespace ReviewConsole.Core.Tests.Routing;

public sealed class RouterTests
{
    private static readonly ModelOpinion Confident = new("travel", 0.97);
    private static readonly ModelOpinion Unsure = new("travel", 0.55);

    [Theory]
    [InlineData(AutomationLevel.Manual, RouteReason.Manual)]
    [InlineData(AutomationLevel.Shadow, RouteReason.Shadow)]
    public void ManualAndShadowSendEveryItemToHumansWithoutTheModelsLabel(AutomationLevel level, RouteReason reason)
    {
        var decision = Router.Route(new RoutingPolicy(level, Threshold: null), Confident, uniformDraw: 0.5);

        Assert.Equal((null, reason, false), (decision.AutoLabel, decision.ReviewReason, decision.ShowSuggestion));
        Assert.Equal("review", decision.Route);
    }

    [Fact]
    public void AssistShowsTheSuggestionForEveryItem()
    {
        var decision = Router.Route(new RoutingPolicy(AutomationLevel.Assist, null), Unsure, 0.5);

        Assert.Equal((RouteReason.Assist, true), (decision.ReviewReason, decision.ShowSuggestion));
        Assert.False(decision.IsAutoDecided);
    }

    [Fact]
    public void AssistWithoutAPredictionHasNothingToSuggest()
    {
        var decision = Router.Route(new RoutingPolicy(AutomationLevel.Assist, null), null, 0.5);

        Assert.Equal((RouteReason.NoPrediction, false), (decision.ReviewReason, decision.ShowSuggestion));
    }

    [Fact]
    public void PartialDecidesAtOrAboveTheThreshold()
    {
        var policy = new RoutingPolicy(AutomationLevel.Partial, Threshold: 0.97);

        var decision = Router.Route(policy, Confident, uniformDraw: 0.99);

        Assert.Equal(("travel", null), (decision.AutoLabel, decision.ReviewReason));
        Assert.Equal("auto", decision.Route);
    }

    [Fact]
    public void PartialSendsLowConfidenceItemsToHumansWithTheSuggestion()
    {
        var decision = Router.Route(new RoutingPolicy(AutomationLevel.Partial, 0.9), Unsure, 0.99);

        Assert.Equal((null, RouteReason.LowConfidence, true), (decision.AutoLabel, decision.ReviewReason, decision.ShowSuggestion));
    }

    [Theory]
    [InlineData(AutomationLevel.Partial, 0.049, true)]
    [InlineData(AutomationLevel.Partial, 0.05, false)]
    [InlineData(AutomationLevel.Full, 0.019, true)]
    [InlineData(AutomationLevel.Full, 0.02, false)]
    public void AuditSamplesAreDrawnAtTheDefaultRatesAndAreBlind(AutomationLevel level, double draw, bool audited)
    {
        var decision = Router.Route(new RoutingPolicy(level, 0.9), Confident, draw);

        Assert.Equal("travel", decision.AutoLabel);
        Assert.Equal(audited ? RouteReason.AuditSample : null, decision.ReviewReason);
        Assert.False(decision.ShowSuggestion);
    }

    [Theory]
    [InlineData(AutomationLevel.Partial, RoutingPolicy.DefaultPartialAuditRate)]
    [InlineData(AutomationLevel.Full, RoutingPolicy.DefaultFullAuditRate)]
    public void AuditSamplingRateIsWithinStatisticalTolerance(AutomationLevel level, double rate)
    {
        const int N = 200_000;
        var random = new Random(7);
        var policy = new RoutingPolicy(level, 0.5);

        var audits = Enumerable.Range(0, N).Count(_ => Router.Route(policy, Confident, random.NextDouble()).NeedsReview);

        // Four standard errors of a binomial proportion: a false failure about once in 15,000 runs.
        var tolerance = 4 * Math.Sqrt(rate * (1 - rate) / N);
        Assert.InRange((double)audits / N, rate - tolerance, rate + tolerance);
    }

    [Fact]
    public void FullDecidesEvenUnsureItems()
    {
        var decision = Router.Route(new RoutingPolicy(AutomationLevel.Full, null), Unsure, 0.99);

        Assert.Equal("travel", decision.AutoLabel);
    }

    [Fact]
    public void FullWithoutAPredictionFallsBackToHumans()
    {
        var decision = Router.Route(new RoutingPolicy(AutomationLevel.Full, null), null, 0.99);

        Assert.Equal(RouteReason.NoPrediction, decision.ReviewReason);
    }

    [Theory]
    [InlineData("shadow", true)]
    [InlineData("FULL", true)]
    [InlineData("3", false)]
    [InlineData("autopilot", false)]
    public void LevelsParseOnlyByName(string wire, bool valid) => Assert.Equal(valid, Wire.TryParse<AutomationLevel>(wire, out _));
}
