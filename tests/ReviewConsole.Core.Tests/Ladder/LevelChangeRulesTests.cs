using ReviewConsole.Core.Ladder;

namespace ReviewConsole.Core.Tests.Ladder;

public sealed class LevelChangeRulesTests
{
    private const string Why = "Shadow agreement has been high for three weeks.";

    [Fact]
    public void PromotionGoesToTheNextLevelOnly()
    {
        var (_, skipping) = LevelChangeRules.CheckPromotion(new(AutomationLevel.Shadow, "partial", Why, false, null));
        var (to, next) = LevelChangeRules.CheckPromotion(new(AutomationLevel.Shadow, "assist", Why, false, null));

        Assert.Equal("toLevel", Assert.Single(skipping).Field);
        Assert.Contains("next level is assist", skipping[0].Message);
        Assert.Equal((AutomationLevel.Assist, 0), (to, next.Count));
    }

    [Fact]
    public void AFullyAutomatedWorkflowCannotBePromoted()
    {
        var (_, problems) = LevelChangeRules.CheckPromotion(new(AutomationLevel.Full, "full", Why, false, null));

        Assert.Contains("already fully automated", Assert.Single(problems).Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void EveryChangeSaysWhy(string? justification)
    {
        var (_, promotion) = LevelChangeRules.CheckPromotion(new(AutomationLevel.Manual, "shadow", justification, false, null));
        var (_, demotion) = LevelChangeRules.CheckDemotion(AutomationLevel.Assist, "shadow", justification);

        Assert.Equal("justification", Assert.Single(promotion).Field);
        Assert.Equal("justification", Assert.Single(demotion).Field);
    }

    [Fact]
    public void AForcedPromotionNeedsALongerJustification()
    {
        var (_, shortReason) = LevelChangeRules.CheckPromotion(new(AutomationLevel.Manual, "shadow", "Because.", true, null));
        var (_, longReason) = LevelChangeRules.CheckPromotion(new(AutomationLevel.Manual, "shadow", Why, true, null));

        Assert.Contains($"at least {LevelChangeRules.MinForceJustification}", Assert.Single(shortReason).Message);
        Assert.Empty(longReason);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.0000001)]
    public void AThresholdMustBeAFiniteProbability(double threshold)
    {
        var (_, problems) = LevelChangeRules.CheckPromotion(new(AutomationLevel.Assist, "partial", Why, false, threshold));

        Assert.Equal("threshold", Assert.Single(problems).Field);
    }

    [Fact]
    public void DemotionGoesDownOnly()
    {
        var (_, up) = LevelChangeRules.CheckDemotion(AutomationLevel.Assist, "partial", Why);
        var (_, same) = LevelChangeRules.CheckDemotion(AutomationLevel.Assist, "assist", Why);
        var (to, down) = LevelChangeRules.CheckDemotion(AutomationLevel.Partial, "manual", Why);

        Assert.Single(up);
        Assert.Single(same);
        Assert.Equal((AutomationLevel.Manual, 0), (to, down.Count));
    }

    [Fact]
    public void OnlyPartialAutomationTakesTheEvaluatedThreshold()
    {
        Assert.Equal(0.9, LevelChangeRules.ThresholdAfter(AutomationLevel.Partial, 0.9, 0.7));
        Assert.Null(LevelChangeRules.ThresholdAfter(AutomationLevel.Partial, null, 0.7));
        Assert.Equal(0.7, LevelChangeRules.ThresholdAfter(AutomationLevel.Full, 0.9, 0.7));
    }
}
