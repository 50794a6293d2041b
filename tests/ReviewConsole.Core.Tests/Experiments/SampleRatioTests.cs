using ReviewConsole.Core.Experiments;

namespace ReviewConsole.Core.Tests.Experiments;

/// <summary>Reference values from scipy 1.10.1's <c>chisquare</c> (references.py in this folder).</summary>
public sealed class SampleRatioTests
{
    [Theory]
    [InlineData(500, 500, 0.5, 0.0, 1.0)]
    [InlineData(520, 480, 0.5, 1.6, 0.20590321073206466)]
    [InlineData(5200, 4800, 0.5, 16.0, 6.334248366623988e-05)]
    [InlineData(120, 880, 0.9, 4.444444444444457, 0.035014981019662265)]
    [InlineData(70, 50, 0.5, 3.3333333333333335, 0.06788915486182893)]
    [InlineData(9000, 1000, 0.1, 0.0, 1.0)]
    [InlineData(4950, 5050, 0.5, 1.0, 0.31731050786291115)]
    public void MatchesScipysChiSquare(long champion, long challenger, double share, double chiSquare, double p)
    {
        var check = SampleRatio.Check(champion, challenger, share);

        Assert.Equal(chiSquare, check.ChiSquare, 9);
        Assert.Equal(p, check.PValue, 12);
    }

    [Fact]
    public void ASplitFarFromTheConfiguredOneIsAMismatch()
    {
        Assert.True(SampleRatio.Check(5200, 4800, 0.5).Mismatch);
        Assert.False(SampleRatio.Check(520, 480, 0.5).Mismatch);
        Assert.False(SampleRatio.Check(0, 0, 0.5).Mismatch);
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleRatio.Check(1, 1, 1.0));
    }
}
