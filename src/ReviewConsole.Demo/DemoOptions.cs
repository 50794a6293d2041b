namespace ReviewConsole.Demo;

/// <summary>
/// Command-line options: --api URL --admin USER --password PASS [--rate ITEMS_PER_SECOND] [--bot-rate LABELS_PER_SECOND]
/// [--max-backlog N] [--backfill N] [--control-port PORT] [--seed-only].
/// </summary>
public sealed record DemoOptions(Uri Api, string AdminUser, string AdminPassword, double Rate, double BotRate, int MaxBacklog, int Backfill, bool SeedOnly, int? ControlPort)
{
    public static DemoOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault()
            ?? Environment.GetEnvironmentVariable("DEMO_" + name.TrimStart('-').Replace('-', '_').ToUpperInvariant());
        return new DemoOptions(
            new Uri((Value("--api") ?? "http://127.0.0.1:5000").TrimEnd('/') + "/"),
            Value("--admin") ?? "admin",
            Value("--password") ?? throw new ArgumentException("--password (or DEMO_PASSWORD) is required."),
            double.Parse(Value("--rate") ?? "0.5", System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(Value("--bot-rate") ?? "0.35", System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Value("--max-backlog") ?? "40", System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Value("--backfill") ?? "1500", System.Globalization.CultureInfo.InvariantCulture),
            args.Contains("--seed-only"),
            Value("--control-port") is { } port ? int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) : null);
    }
}
