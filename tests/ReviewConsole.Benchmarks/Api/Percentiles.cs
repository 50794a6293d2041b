namespace ReviewConsole.Benchmarks.Api;

public static class Percentiles
{
    public static double Of(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }

    public static string Describe(IReadOnlyList<double> milliseconds) =>
        $"p50 {Of(milliseconds, 0.5):0.0} ms, p95 {Of(milliseconds, 0.95):0.0} ms, p99 {Of(milliseconds, 0.99):0.0} ms, max {milliseconds.Max():0.0} ms (n={milliseconds.Count:N0})";
}
