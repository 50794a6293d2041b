using System.Globalization;
using ReviewConsole.Core.Schema;

namespace ReviewConsole.Core.Drift;

/// <summary>Compares a reference and a current profile of one feature: PSI and a test, by feature type.</summary>
public static class ProfileComparison
{
    public const int TopTokens = 50;

    /// <param name="referenceItems">Items behind the reference profile (text: tokens come several to an item).</param>
    public static FeatureComparison Compare(string feature, FeatureType type, FeatureProfile reference, FeatureProfile current,
        long referenceItems = 0, long currentItems = 0) => type switch
    {
        FeatureType.Numeric => Numeric(feature, reference, current),
        FeatureType.Text => Tokens(feature, reference, current, referenceItems, currentItems),
        _ => Categorical(feature, "categorical", reference, current),
    };

    /// <summary>
    /// Numeric: the KS statistic at the bin edges (the profile's resolution) with scipy's p-value for the
    /// window sizes, and PSI over the reference's deciles located on the bins.
    /// </summary>
    public static FeatureComparison Numeric(string feature, FeatureProfile reference, FeatureProfile current)
    {
        var r = Bins(reference);
        var c = Bins(current);
        long nr = r.Sum(), nc = c.Sum();
        if (nr == 0 || nc == 0)
            return new FeatureComparison(feature, "numeric", 0);
        double cr = 0, cc = 0, d = 0;
        for (var b = 0; b < FeatureProfile.NumericBins; b++)
        {
            cr += r[b];
            cc += c[b];
            d = Math.Max(d, Math.Abs(cr / nr - cc / nc));
        }
        // Deciles of the reference as bin boundaries, then PSI over those ten groups of bins.
        var groupOf = new int[FeatureProfile.NumericBins];
        long seen = 0;
        var group = 0;
        for (var b = 0; b < FeatureProfile.NumericBins; b++)
        {
            groupOf[b] = group;
            seen += r[b];
            while (group < PopulationStability.Bins - 1 && seen >= (group + 1) * nr / (double)PopulationStability.Bins)
                group++;
        }
        var referenceGroups = new long[PopulationStability.Bins];
        var currentGroups = new long[PopulationStability.Bins];
        for (var b = 0; b < FeatureProfile.NumericBins; b++)
        {
            referenceGroups[groupOf[b]] += r[b];
            currentGroups[groupOf[b]] += c[b];
        }
        return new FeatureComparison(feature, "numeric", PopulationStability.FromCounts(referenceGroups, currentGroups),
            new TestResult(d, KolmogorovSmirnov.PValue(d, (int)Math.Min(nr, int.MaxValue), (int)Math.Min(nc, int.MaxValue))));
    }

    public static FeatureComparison Categorical(string feature, string kind, FeatureProfile reference, FeatureProfile current, double designEffect = 1)
    {
        var keys = reference.Counts.Keys.Union(current.Counts.Keys).Order(StringComparer.Ordinal).ToList();
        var r = keys.Select(k => reference.Counts.GetValueOrDefault(k)).ToArray();
        var c = keys.Select(k => current.Counts.GetValueOrDefault(k)).ToArray();
        if (r.Sum() == 0 || c.Sum() == 0)
            return new FeatureComparison(feature, kind, 0);
        var present = Enumerable.Range(0, keys.Count).Where(i => r[i] + c[i] > 0).ToArray();
        TestResult? test = present.Length > 1 ? ChiSquare.Clustered([present.Select(i => r[i]).ToArray(), present.Select(i => c[i]).ToArray()], designEffect) : null;
        return new FeatureComparison(feature, kind, PopulationStability.FromCounts(r, c), test);
    }

    /// <summary>
    /// Text: PSI and chi-square over the reference's most frequent tokens plus one bucket for all others; given the items
    /// behind each profile, the chi-square is corrected for tokens coming several to an item (design effect: tokens per item).
    /// </summary>
    public static FeatureComparison Tokens(string feature, FeatureProfile reference, FeatureProfile current, long referenceItems = 0, long currentItems = 0)
    {
        var top = reference.Counts.Where(kv => kv.Key != FeatureProfile.Other).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(TopTokens).Select(kv => kv.Key).ToHashSet();
        FeatureProfile Fold(FeatureProfile p)
        {
            var folded = new FeatureProfile();
            foreach (var (key, count) in p.Counts)
                folded.Add(top.Contains(key) ? key : FeatureProfile.Other, count);
            return folded;
        }
        static double PerItem(FeatureProfile p, long items) => items > 0 ? (double)p.Counts.Where(kv => kv.Key != FeatureProfile.Missing).Sum(kv => kv.Value) / items : 1;
        return Categorical(feature, "text", Fold(reference), Fold(current), Math.Max(PerItem(reference, referenceItems), PerItem(current, currentItems)));
    }

    public sealed record Share(string Label, double Reference, double Current);

    /// <summary>
    /// The two distributions side by side, for an overlay: numeric features over the reference's deciles
    /// (labelled by value range), categories and tokens over the most frequent keys plus everything else.
    /// </summary>
    public static IReadOnlyList<Share> Shares(FeatureType type, FeatureProfile reference, FeatureProfile current, int top = 15)
    {
        // Without a reference there are no deciles to draw and nothing to compare against.
        if (reference.Total == 0)
            return [];
        if (type == FeatureType.Numeric)
        {
            var r = Bins(reference);
            var c = Bins(current);
            double nr = Math.Max(1, r.Sum()), nc = Math.Max(1, c.Sum());
            var shares = new List<Share>();
            long seen = 0;
            int first = 0, group = 0;
            for (var b = 0; b < FeatureProfile.NumericBins; b++)
            {
                seen += r[b];
                var last = b == FeatureProfile.NumericBins - 1;
                if (last || (group < PopulationStability.Bins - 1 && seen >= (group + 1) * nr / PopulationStability.Bins))
                {
                    // The outer deciles are open-ended: their far edges are the profile's range, not data.
                    var (from, to) = (FeatureProfile.NumericBinStart(first), FeatureProfile.NumericBinStart(b + 1));
                    var label = group == 0 ? $"< {Compact(to)}" : last ? $"≥ {Compact(from)}" : $"{Compact(from)}–{Compact(to)}";
                    shares.Add(new Share(label, r[first..(b + 1)].Sum() / nr, c[first..(b + 1)].Sum() / nc));
                    first = b + 1;
                    group++;
                }
            }
            return shares.Where(s => s.Reference > 0 || s.Current > 0).ToList();
        }
        double tr = Math.Max(1, reference.Total), tc = Math.Max(1, current.Total);
        var keys = reference.Counts.Keys.Union(current.Counts.Keys).Where(k => k != FeatureProfile.Other)
            .OrderByDescending(k => reference.Counts.GetValueOrDefault(k) / tr + current.Counts.GetValueOrDefault(k) / tc)
            .ThenBy(k => k, StringComparer.Ordinal).Take(top).ToList();
        var result = keys.Select(k => new Share(k, reference.Counts.GetValueOrDefault(k) / tr, current.Counts.GetValueOrDefault(k) / tc)).ToList();
        var restReference = 1 - result.Sum(s => s.Reference);
        // An empty current window has no share anywhere, not all of it under "(other)".
        var restCurrent = current.Total == 0 ? 0 : 1 - result.Sum(s => s.Current);
        if (restReference > 1e-9 || restCurrent > 1e-9)
            result.Add(new Share("(other)", Math.Max(0, restReference), Math.Max(0, restCurrent)));
        return result;
    }

    /// <summary>Three significant digits, with k and M for thousands and millions: "312", "1.4k", "2.05M".</summary>
    public static string Compact(double value)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var abs = Math.Abs(value);
        return abs >= 1e9 ? value.ToString("0.##E+0", inv)
            : abs >= 1e6 ? (value / 1e6).ToString("G3", inv) + "M"
            : abs >= 1e3 ? (value / 1e3).ToString("G3", inv) + "k"
            : value.ToString("G3", inv);
    }

    private static long[] Bins(FeatureProfile profile)
    {
        var bins = new long[FeatureProfile.NumericBins];
        foreach (var (key, count) in profile.Counts)
        {
            if (int.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bin) && bin is >= 0 and < FeatureProfile.NumericBins)
                bins[bin] += count;
        }
        return bins;
    }
}
