using ReviewConsole.Core.Drift;

namespace ReviewConsole.Core.Tests.Drift;

public sealed class DriftAssessmentTests
{
    private static double[] Uniforms(ulong seed, int count, double shift = 0)
    {
        var values = new double[count];
        var x = seed;
        for (var i = 0; i < count; i++)
        {
            x = unchecked(x * 6364136223846793005UL + 1442695040888963407UL);
            values[i] = (x >> 11) * (1.0 / (1UL << 53)) + shift;
        }
        return values;
    }

    private static long[] Categories(ulong seed, int count, double[] shares)
    {
        var counts = new long[shares.Length];
        foreach (var u in Uniforms(seed, count))
        {
            var cumulative = 0.0;
            var k = 0;
            while (k < shares.Length - 1 && u >= (cumulative += shares[k]))
                k++;
            counts[k]++;
        }
        return counts;
    }

    private static IReadOnlyList<FeatureDrift> Compare(ulong seed, int rows, double shift, double[] currentShares, bool withTests)
    {
        double[] shares = [0.5, 0.3, 0.2];
        var reference = Uniforms(seed, rows);
        var current = Uniforms(seed + 1000, rows, shift);
        var referenceLevels = Categories(seed + 2000, rows, shares);
        var currentLevels = Categories(seed + 3000, rows, currentShares);
        return DriftAssessment.Assess(
        [
            new FeatureComparison("amount", "numeric", PopulationStability.Numeric(reference, current),
                withTests ? KolmogorovSmirnov.TwoSample(reference, current) : null),
            new FeatureComparison("country", "categorical", PopulationStability.FromCounts(referenceLevels, currentLevels),
                withTests ? ChiSquare.Contingency([referenceLevels, currentLevels]) : null),
        ], rows, rows);
    }

    // False-alarm rate stated by these two tests: 0 alerts in 50 stable draws at 500 rows and at 1,000,000 rows.
    [Fact]
    public void FiftyStableDrawsOfFiveHundredRowsRaiseNoAlert()
    {
        var alerts = Enumerable.Range(0, 50).Count(draw =>
            DriftAssessment.Overall(Compare((ulong)(draw * 7 + 1), 500, 0, [0.5, 0.3, 0.2], withTests: true)) > DriftSeverity.None);

        Assert.Equal(0, alerts);
    }

    [Fact]
    public void FiftyStableDrawsOfAMillionRowsRaiseNoAlert()
    {
        // On large windows severity rests on PSI alone (p-values would all be tiny), so the tests are not computed.
        var alerts = Enumerable.Range(0, 50).Count(draw =>
            DriftAssessment.Overall(Compare((ulong)(draw * 7 + 1), 1_000_000, 0, [0.5, 0.3, 0.2], withTests: false)) > DriftSeverity.None);

        Assert.Equal(0, alerts);
    }

    [Fact]
    public void AShiftedFeatureIsFlaggedAndTheStableOneIsNot()
    {
        var result = Compare(5, 20_000, shift: 0.3, currentShares: [0.5, 0.3, 0.2], withTests: true);

        Assert.Equal(DriftSeverity.Major, result.Single(f => f.Feature == "amount").Severity);
        Assert.Equal(DriftSeverity.None, result.Single(f => f.Feature == "country").Severity);
    }

    [Fact]
    public void ANewCategoryMixIsFlagged()
    {
        var result = Compare(9, 20_000, shift: 0, currentShares: [0.2, 0.3, 0.5], withTests: true);

        Assert.True(result.Single(f => f.Feature == "country").Severity >= DriftSeverity.Moderate);
        Assert.Equal(DriftSeverity.None, result.Single(f => f.Feature == "amount").Severity);
    }

    [Fact]
    public void OnASmallWindowALargePsiNeedsSignificance()
    {
        // Ten rows: a big PSI happens by chance, and the Holm-adjusted p-value says so.
        var drift = DriftAssessment.Assess([new FeatureComparison("amount", "numeric", 0.4, new TestResult(0.4, 0.2))], 10, 10);

        Assert.Equal(DriftSeverity.None, drift.Single().Severity);
        Assert.Contains("not significant", drift.Single().Reason);
    }

    [Fact]
    public void BelowTheReferenceMinimumNothingIsJudgedNotEvenAHugePsi()
    {
        // The case: a 26-item reference (a built-in champion's training window) against which PSI read 2.6.
        var drift = DriftAssessment.Assess(
            [new FeatureComparison("amount", "numeric", 2.6, new TestResult(0.9, 1e-12)), new FeatureComparison("country", "categorical", 0.01)],
            referenceRows: 26, currentRows: 4000, referenceMinimum: 1000);

        Assert.All(drift, f => Assert.Equal(DriftSeverity.NotEnoughReference, f.Severity));
        Assert.Equal("Not enough reference yet (26 items; 1,000 needed)", drift[0].Reason);
        Assert.Equal(DriftSeverity.NotEnoughReference, DriftAssessment.Overall(drift));
        Assert.Equal(DriftSeverities.NotEnoughReference, DriftAssessment.Overall(drift).ToWire());
        Assert.Null(DriftSeverities.Alarming(DriftSeverities.NotEnoughReference));
    }

    [Fact]
    public void AtTheMinimumPsiDecidesAgain()
    {
        var drift = DriftAssessment.Assess([new FeatureComparison("amount", "numeric", 2.6, new TestResult(0.9, 1e-12))], 1000, 4000,
            referenceMinimum: 1000);

        Assert.Equal(DriftSeverity.Major, drift.Single().Severity);
        Assert.Equal("major", DriftAssessment.Overall(drift).ToWire());
        Assert.Equal("Severity rests on PSI (≥ 0.10 moderate, ≥ 0.25 major) once the reference holds 1,000 items; " +
                     "when either window holds under 5,000 items, the Holm-adjusted p must also be below 0.05.", DriftThresholds.Default.Rule(1000));
    }

    [Fact]
    public void HolmAdjustsStepDownAndStaysMonotone() =>
        Assert.Equal([0.03, 0.06, 0.06, 0.02], DriftAssessment.Holm([0.01, 0.04, 0.03, 0.005]).Select(p => Math.Round(p, 10)));
}

public sealed class TextTokenTests
{
    private static readonly string[] Phrases =
        ["hotel two nights berlin offsite", "train tickets paris return trip", "laptops for new hires warsaw", "printer paper and toner milan"];

    private static FeatureProfile Window(Random random, int items)
    {
        var profile = new FeatureProfile();
        for (var i = 0; i < items; i++)
            profile.Observe(Core.Schema.FeatureType.Text, System.Text.Json.JsonSerializer.SerializeToElement(Phrases[random.Next(Phrases.Length)]));
        return profile;
    }

    [Fact]
    public void TokensOfOneTextAreNotCountedAsIndependentEvidence()
    {
        // Two windows of 50 texts from the same four phrases (5 tokens each): no drift. Counted as 250 independent
        // tokens a side, chi-square called a difference in 47 of 400 draws (12%, at a 5% level); corrected for the
        // 5 tokens an item (the design effect, an upper bound: conservative), in 0 of 400.
        var random = new Random(11);
        int plain = 0, corrected = 0;
        const int Draws = 400;
        for (var d = 0; d < Draws; d++)
        {
            var (reference, current) = (Window(random, 50), Window(random, 50));
            if (ProfileComparison.Tokens("t", reference, current).Test!.Value.PValue < 0.05)
                plain++;
            if (ProfileComparison.Tokens("t", reference, current, 50, 50).Test!.Value.PValue < 0.05)
                corrected++;
        }

        Assert.True(plain > 0.09 * Draws && corrected < plain, $"plain chi-square: {plain} of {Draws}; corrected {corrected}");
        Assert.True(corrected <= 0.08 * Draws, $"corrected: {corrected} of {Draws}");
    }
}
