using System.Diagnostics;
using ReviewConsole.Testing;

namespace ReviewConsole.Benchmarks.Api;

/// <summary>The published host (scripts/test.sh and scripts/run.sh publish it to .build/host) as a real process on a fresh database.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    private Process? _process;

    public string Url { get; } = $"http://127.0.0.1:{TestPostgres.FreePort()}";
    public string ConnectionString { get; private set; } = "";

    public int ProcessId => _process?.Id ?? 0;

    public async Task StartAsync()
    {
        var api = Path.Combine(RepoRoot(), ".build", "host");
        if (!File.Exists(Path.Combine(api, "ReviewConsole.dll")))
            throw new InvalidOperationException("Publish first: source scripts/lib.sh && publish_all (or run scripts/test.sh once).");
        ConnectionString = await TestPostgres.CreateDatabaseAsync("rc_bench");
        var info = new ProcessStartInfo("dotnet", $"ReviewConsole.dll --urls {Url}") { WorkingDirectory = api, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["ConnectionStrings__ReviewConsole"] = ConnectionString + ";Maximum Pool Size=100";
        info.Environment["Bootstrap__AdminUser"] = ApiSession.AdminUser;
        info.Environment["Bootstrap__AdminPassword"] = ApiSession.AdminPassword;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // Fifty reviewers sign in from one address: the login limits have tests of their own.
        info.Environment["Auth__LoginAttemptsPerClient"] = "100000";
        // Experiments: BENCH_Drift__BuildProfiles=false runs the host with Drift__BuildProfiles=false, and so on.
        foreach (var (name, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                     .Select(e => ((string)e.Key, (string?)e.Value)).Where(e => e.Item1.StartsWith("BENCH_", StringComparison.Ordinal)))
            info.Environment[name["BENCH_".Length..]] = value;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync($"{Url}/readyz")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new InvalidOperationException("The Api did not become ready.");
    }

    public HttpClient Client() => new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) };

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReviewConsole.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Run from inside the repository.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
    }
}
