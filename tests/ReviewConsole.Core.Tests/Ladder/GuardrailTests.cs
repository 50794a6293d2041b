using ReviewConsole.Core.Ladder;

namespace ReviewConsole.Core.Tests.Ladder;

public sealed class GuardrailTests
{
    private static bool[] Audits(int agreed, int total) => Enumerable.Range(0, total).Select(i => i < agreed).ToArray();

    [Fact]
    public void TripsWhenThePrecisionUpperBoundFallsBelowTargetMinusMargin()
    {
        // 80/100: upper bound 0.867 < 0.95 - 0.05.
        var check = Guardrail.Check(Audits(80, 100), Criticality.Medium, GateSettings.Default);

        Assert.True(check.Tripped);
        Assert.Equal(0.90, check.Floor, 9);
    }

    [Fact]
    public void HoldsWhenPrecisionIsPlausiblyAboveTheFloor()
    {
        // 88/100: upper bound 0.930, still plausible.
        var check = Guardrail.Check(Audits(88, 100), Criticality.Medium, GateSettings.Default);

        Assert.False(check.Tripped);
    }

    [Fact]
    public void OnlyTheLastHundredAuditsCount()
    {
        var recent = Audits(100, 100).Concat(Audits(0, 400)).ToArray();

        var check = Guardrail.Check(recent, Criticality.Medium, GateSettings.Default);

        Assert.Equal((100, false), (check.Audits, check.Tripped));
    }

    [Fact]
    public void WaitsForEnoughAuditsBeforeActing()
    {
        var check = Guardrail.Check(Audits(0, 19), Criticality.Medium, GateSettings.Default);

        Assert.False(check.Tripped);
    }
}
