using ReviewConsole.Core.Experiments;

namespace ReviewConsole.Core.Tests.Experiments;

/// <summary>Reference values from scipy 1.10.1's <c>binomtest</c> and its exact <c>proportion_ci</c> (references.py in this folder).</summary>
public sealed class SignTestTests
{
    [Theory]
    [InlineData(7, 3, 0.3475471499399921, 0.9332604888222655, 0.34375)]
    [InlineData(60, 40, 0.49720915042233343, 0.6967052312971551, 0.05688793364098088)]
    [InlineData(3, 17, 0.03207093718554477, 0.37892682654529564, 0.0025768280029296875)]
    [InlineData(30, 0, 0.8842966917779725, 1.0, 1.862645149230957e-09)]
    [InlineData(0, 12, 0.0, 0.26464846939705117, 0.00048828125)]
    [InlineData(512, 488, 0.48052265925030013, 0.5434065053511319, 0.4670451216527873)]
    [InlineData(1, 1, 0.01257911709367899, 0.987420882906321, 1.0)]
    [InlineData(45, 55, 0.350320229239672, 0.5527198112260501, 0.36820161732669576)]
    public void MatchesScipysBinomialTest(long challengerWins, long championWins, double lower, double upper, double p)
    {
        var result = SignTest.Compare(challengerWins, championWins);

        Assert.Equal(lower, result.Lower, 9);
        Assert.Equal(upper, result.Upper, 9);
        Assert.Equal(p, result.PValue, tolerance: p * 1e-9);
        Assert.Equal((double)challengerWins / (challengerWins + championWins), result.ChallengerShare, 12);
    }

    [Fact]
    public void NoPicksSayNothing()
    {
        var result = SignTest.Compare(0, 0);

        Assert.Equal((0.0, 1.0, 1.0), (result.Lower, result.Upper, result.PValue));
        Assert.True(double.IsNaN(result.ChallengerShare));
    }
}
