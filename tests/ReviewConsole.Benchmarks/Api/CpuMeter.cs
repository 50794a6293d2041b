namespace ReviewConsole.Benchmarks.Api;

/// <summary>
/// CPU time spent by the host process and by every PostgreSQL process between Start and Stop, from /proc (user + system
/// ticks), so a benchmark can say what one request costs on each side of the connection.
/// </summary>
public sealed class CpuMeter
{
    private readonly int _host;
    private readonly TimeSpan _hostStart;
    private readonly TimeSpan _postgresStart;

    private CpuMeter(int host)
    {
        _host = host;
        _hostStart = Of(host);
        _postgresStart = Postgres();
    }

    public static CpuMeter Start(int hostProcessId) => new(hostProcessId);

    public (TimeSpan Host, TimeSpan Postgres) Stop() => (Of(_host) - _hostStart, Postgres() - _postgresStart);

    // Clock ticks per second of /proc/<pid>/stat on Linux.
    private const double TicksPerSecond = 100;

    private static TimeSpan Of(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces) start after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return TimeSpan.FromSeconds((long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond);
        }
        catch (IOException)
        {
            return TimeSpan.Zero; // the process ended (a PostgreSQL backend that closed)
        }
    }

    /// <summary>All processes named postgres, the backends that come and go included (their time so far).</summary>
    private static TimeSpan Postgres() =>
        Directory.GetDirectories("/proc").Select(d => Path.GetFileName(d)).Where(n => n.All(char.IsAsciiDigit)).Select(int.Parse)
            .Where(pid => ReadName(pid) == "postgres").Aggregate(TimeSpan.Zero, (sum, pid) => sum + Of(pid));

    private static string? ReadName(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
