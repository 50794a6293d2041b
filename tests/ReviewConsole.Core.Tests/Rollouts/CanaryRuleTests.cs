using ReviewConsole.Core.Rollouts;
using Xunit.Abstractions;

namespace ReviewConsole.Core.Tests.Rollouts;

/// <summary>
/// Issue 12's error rates, by simulation (1,000 canaries each, fixed seeds): the rule is checked after every audit,
/// yet equal versions rarely roll back; a clearly worse challenger is rolled back quickly; a better one reaches 100%.
/// The figures are printed and recorded in docs/benchmarks.md.
/// </summary>
public sealed class CanaryRuleTests(ITestOutputHelper output)
{
    private const int Runs = 1000;

    private IReadOnlyList<CanarySimulation.Outcome> Simulate(double champion, double challenger, long maxAudits = 20_000) =>
        Enumerable.Range(0, Runs).AsParallel().Select(seed => CanarySimulation.Run(seed, champion, challenger, maxAudits)).ToList();

    [Fact]
    public void EqualVersionsRollBackInFewerThanFivePercentOfCanaries()
    {
        var outcomes = Simulate(0.90, 0.90);

        var rolledBack = outcomes.Count(o => o.RolledBack) / (double)Runs;
        output.WriteLine($"equal (90% vs 90%): rolled back {rolledBack:P1}, completed {outcomes.Count(o => o.Completed) / (double)Runs:P1}, " +
                         $"median challenger audits {Median(outcomes)}");
        Assert.True(rolledBack < 0.05, $"rolled back {rolledBack:P1}");
    }

    [Fact]
    public void AChallengerTenPointsWorseIsRolledBackWithinThreeHundredAudits()
    {
        var outcomes = Simulate(0.90, 0.80, maxAudits: 300);

        var rolledBack = outcomes.Count(o => o.RolledBack) / (double)Runs;
        output.WriteLine($"10 points worse (90% vs 80%): rolled back within 300 challenger audits in {rolledBack:P1}, " +
                         $"median at {Median(outcomes.Where(o => o.RolledBack).ToList())}; advanced to 100% in {outcomes.Count(o => o.Completed)}");
        Assert.True(rolledBack >= 0.95, $"rolled back in {rolledBack:P1}");
    }

    [Fact]
    public void AChallengerThreePointsBetterReachesTheFullShare()
    {
        var outcomes = Simulate(0.90, 0.93);

        var completed = outcomes.Count(o => o.Completed) / (double)Runs;
        output.WriteLine($"3 points better (90% vs 93%): reached 100% in {completed:P1}, rolled back {outcomes.Count(o => o.RolledBack)}, " +
                         $"median challenger audits {Median(outcomes)}");
        Assert.True(completed >= 0.95, $"reached 100% in {completed:P1}");
        Assert.DoesNotContain(outcomes, o => o.RolledBack);
    }

    private static long Median(IReadOnlyList<CanarySimulation.Outcome> outcomes) =>
        outcomes.Count == 0 ? 0 : outcomes.OrderBy(o => o.ChallengerAudits).ElementAt(outcomes.Count / 2).ChallengerAudits;

    [Fact]
    public void OnTooLittleEvidenceItHoldsAndSaysHowManyMoreAuditsItNeeds()
    {
        var settings = new CanarySettings(CanarySettings.DefaultSteps);

        var few = CanaryRule.Decide(settings, new ArmCounts(9, 10), new ArmCounts(180, 200), auditsThisStep: 10, TimeSpan.FromHours(1));
        var unsure = CanaryRule.Decide(settings, new ArmCounts(55, 60), new ArmCounts(540, 600), auditsThisStep: 60, TimeSpan.FromHours(1));

        Assert.Equal((CanaryAction.Hold, 40L), (few.Action, few.AuditsNeeded));
        Assert.Equal(CanaryAction.Hold, unsure.Action);
        Assert.True(unsure.AuditsNeeded is > 0 and < 100_000, $"needs {unsure.AuditsNeeded}");
        Assert.Contains("Not yet credible", unsure.Reason);
    }

    [Fact]
    public void TheBoundsHoldTheirLevelAtEveryLook()
    {
        // Coverage of the upper bound under repeated looks: how often, over 2,000 audits looked at after each one,
        // the truth (0) ever leaves the one-sided bound. It must stay below alpha.
        var escapes = Enumerable.Range(0, Runs).AsParallel().Count(seed =>
        {
            var random = new Random(10_000 + seed);
            long b = 0, a = 0;
            for (var n = 1; n <= 2000; n++)
            {
                if (random.NextDouble() < 0.9) b++;
                if (random.NextDouble() < 0.9) a++;
                if (ProportionComparison.Compare(new ArmCounts(b, n), new ArmCounts(a, n)).Upper < 0)
                    return true;
            }
            return false;
        }) / (double)Runs;

        output.WriteLine($"upper bound below the truth at some look within 2,000: {escapes:P1} (alpha 5%)");
        Assert.True(escapes < 0.05, $"{escapes:P1}");
    }
}
