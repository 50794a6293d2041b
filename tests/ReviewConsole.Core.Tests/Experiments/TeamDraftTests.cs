using ReviewConsole.Core.Experiments;
using ReviewConsole.Core.Rollouts;
using Xunit.Abstractions;

namespace ReviewConsole.Core.Tests.Experiments;

/// <summary>Team-draft interleaving as Radlinski, Kurup and Joachims (2008) build it, and the sign test on the picks it credits.</summary>
public sealed class TeamDraftTests(ITestOutputHelper output)
{
    private static readonly string[] Labels = ["travel", "software", "office", "hardware", "consulting", "utilities"];

    [Fact]
    public void TheTeamWithFewerPicksPicksItsBestLabelNotYetShownAndACoinBreaksEvenCounts()
    {
        string[] champion = ["a", "b", "c", "d"];
        string[] challenger = ["b", "e", "a", "f"];

        var list = TeamDraft.Interleave(champion, challenger, 4, new Random(1));

        Assert.Equal(4, list.Count);
        Assert.Equal(list.Count, list.Select(l => l.Label).Distinct().Count());
        // Each round of two gives one pick to each team; within a team, picks follow its own ranking.
        Assert.Equal(2, list.Count(l => l.Team == Team.Champion));
        foreach (var team in new[] { Team.Champion, Team.Challenger })
        {
            var ranking = team == Team.Champion ? champion : challenger;
            var picks = list.Where(l => l.Team == team).Select(l => Array.IndexOf(ranking, l.Label)).ToList();
            Assert.Equal(picks.Order(), picks);
        }
    }

    [Fact]
    public void WhenBothRankTheSameLabelFirstOnlyTheTeamThatPicksFirstGetsItAndTheOtherTakesItsNext()
    {
        var firsts = new Dictionary<Team, int>();
        for (var seed = 0; seed < 2000; seed++)
        {
            var list = TeamDraft.Interleave(["a", "b", "c"], ["a", "c", "b"], 2, new Random(seed));
            Assert.Equal("a", list[0].Label);
            Assert.Equal(list[0].Team == Team.Champion ? ("c", Team.Challenger) : ("b", Team.Champion), (list[1].Label, list[1].Team));
            firsts[list[0].Team] = firsts.GetValueOrDefault(list[0].Team) + 1;
        }
        // The coin: each team picks first about half the time.
        Assert.InRange(firsts[Team.Champion], 900, 1100);
    }

    [Fact]
    public void EachVersionContributesEquallyInExpectationAtEveryPosition()
    {
        var random = new Random(7);
        var byPosition = new int[3];
        const int runs = 20_000;
        for (var i = 0; i < runs; i++)
        {
            var list = TeamDraft.Interleave(Labels.OrderBy(_ => random.Next()).ToArray(), Labels.OrderBy(_ => random.Next()).ToArray(), 3, random);
            for (var position = 0; position < list.Count; position++)
                byPosition[position] += list[position].Team == Team.Challenger ? 1 : 0;
        }
        // Binomial(20,000, 1/2) has a standard deviation of 71: within 4 of them.
        foreach (var count in byPosition)
            Assert.InRange(count, runs / 2 - 284, runs / 2 + 284);
    }

    [Fact]
    public void AVersionThatRanksTheTrueLabelFirstMoreOftenIsPreferred()
    {
        var random = new Random(11);
        string[] Ranking(string truth, double firstRate) => random.NextDouble() < firstRate
            ? [truth, .. Labels.Where(l => l != truth).OrderBy(_ => random.Next())]
            : [.. Labels.OrderBy(_ => random.Next())];

        (int Preferred, int Wrong) Experiments(double champion, double challenger, int runs = 200, int picks = 600)
        {
            var (preferred, wrong) = (0, 0);
            for (var run = 0; run < runs; run++)
            {
                long challengerWins = 0, championWins = 0;
                for (var i = 0; i < picks; i++)
                {
                    var truth = Labels[random.Next(Labels.Length)];
                    var list = TeamDraft.Interleave(Ranking(truth, champion), Ranking(truth, challenger), 3, random);
                    // The reviewer picks the true label: a pick in the list credits its team; one outside it credits neither.
                    if (list.FirstOrDefault(l => l.Label == truth) is { } pick)
                    {
                        if (pick.Team == Team.Challenger)
                            challengerWins++;
                        else
                            championWins++;
                    }
                }
                var test = SignTest.Compare(challengerWins, championWins);
                if (test.PValue < 0.05)
                {
                    if (challengerWins > championWins == challenger > champion)
                        preferred++;
                    else
                        wrong++;
                }
            }
            return (preferred, wrong);
        }

        var better = Experiments(champion: 0.5, challenger: 0.7);
        var equal = Experiments(champion: 0.6, challenger: 0.6);
        output.WriteLine($"challenger ranks truth first 70% vs 50%: preferred in {better.Preferred}/200, wrong way {better.Wrong}; equal: a preference in {equal.Preferred + equal.Wrong}/200");

        Assert.True(better.Preferred >= 180, $"preferred in {better.Preferred}/200");
        Assert.Equal(0, better.Wrong);
        Assert.True(equal.Preferred + equal.Wrong <= 20, $"equal versions: a preference in {equal.Preferred + equal.Wrong}/200");
    }
}
