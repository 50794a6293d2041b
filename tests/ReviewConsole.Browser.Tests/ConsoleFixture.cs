using System.Diagnostics;
using System.Text;
using Microsoft.Playwright;
using ReviewConsole.Testing;

namespace ReviewConsole.Browser.Tests;

/// <summary>
/// The published console as a user gets it (scripts/test.sh publishes it to .build/): the one host as a real
/// process on a fresh database, and Debian's Chromium driven by Playwright.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    private readonly List<Process> _processes = [];
    private readonly StringBuilder _log = new();
    private IPlaywright? _playwright;

    public string Url { get; private set; } = "";
    public string ConnectionString { get; private set; } = "";
    public IBrowser Browser { get; private set; } = default!;
    public HttpClient Admin { get; private set; } = default!;
    public static string RepoRoot { get; } = FindRepoRoot();

    public async Task InitializeAsync()
    {
        var host = Path.Combine(RepoRoot, ".build", "host");
        if (!File.Exists(Path.Combine(host, "ReviewConsole.dll")))
            throw new InvalidOperationException("The published console is missing: run scripts/test.sh (it publishes to .build/ first).");

        ConnectionString = await TestPostgres.CreateDatabaseAsync("rc_browser");
        Url = $"http://127.0.0.1:{TestPostgres.FreePort()}";
        Start("dotnet", $"ReviewConsole.dll --urls {Url}", host, new()
        {
            ["ConnectionStrings__ReviewConsole"] = ConnectionString,
            ["Bootstrap__AdminUser"] = ApiSession.AdminUser,
            ["Bootstrap__AdminPassword"] = ApiSession.AdminPassword,
            ["Drift__BucketSeconds"] = "1",
            // Canaries are evaluated every second, so a rollback shows within the test's patience.
            ["Rollouts__EvaluateSeconds"] = "1",
            // Every browser test signs in from this one machine.
            ["Auth__LoginAttemptsPerClient"] = "100000",
        });
        await WaitReadyAsync($"{Url}/readyz");

        Admin = await ApiSession.SignInAsync(() => new HttpClient { BaseAddress = new Uri(Url) }, ApiSession.AdminUser, ApiSession.AdminPassword);
        // CI machines are small and shared: give the UI time rather than flake.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>Cuts this console's database off (existing connections killed, new ones refused), as an outage would.</summary>
    public Task CutDatabaseAsync() => TestPostgres.SetConnectionsAllowedAsync(ConnectionString, false);

    /// <summary>Lets the console reach its database again.</summary>
    public Task RestoreDatabaseAsync() => TestPostgres.SetConnectionsAllowedAsync(ConnectionString, true);

    /// <summary>A fresh browser context signed in as the user, on the workflows page.</summary>
    public async Task<IPage> SignInAsync(string user, string password = ApiSession.UserPassword)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1360, Height = 860 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{Url}/login");
        // Seen rarely on a loaded machine: the sign-in post does not arrive at the workflows page. Resubmit once;
        // if it still fails, say what the page and the processes showed.
        for (var attempt = 1; ; attempt++)
        {
            await page.FillAsync("#username", user);
            await page.FillAsync("#password", password);
            await page.ClickAsync("button[type=submit]");
            try
            {
                await page.WaitForURLAsync($"{Url}/", new() { Timeout = 15_000 });
                return page;
            }
            catch (TimeoutException) when (attempt == 1 && page.Url.Contains("/login", StringComparison.Ordinal))
            {
                await page.GotoAsync($"{Url}/login");
            }
            catch (TimeoutException ex)
            {
                throw new InvalidOperationException(
                    $"Sign-in as {user} did not reach the workflows page; at {page.Url}: {await page.InnerTextAsync("body")}\nLog:\n{Log[^Math.Min(Log.Length, 4000)..]}", ex);
            }
        }
    }

    /// <summary>Opens a console page and waits until it is live: before that, clicks and typing do not reach the components.</summary>
    public async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync($"{Url}{path}");
        await Assertions.Expect(page.Locator("[data-interactive=yes]")).ToHaveCountAsync(1);
    }

    /// <summary>Signs in and opens a workflow's review queue, ready for keyboard shortcuts and live updates.</summary>
    public async Task<IPage> OpenQueueAsync(string user, string workflowKey, string password = ApiSession.UserPassword)
    {
        var page = await SignInAsync(user, password);
        await OpenAsync(page, $"/review/{workflowKey}");
        await Assertions.Expect(page.Locator("[data-shortcuts=ready]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".rc-status-up")).ToBeVisibleAsync();
        return page;
    }

    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    private Process Start(string file, string arguments, string workingDirectory, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.AppendLine(line);
    }

    private async Task WaitReadyAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync(url)).IsSuccessStatusCode)
                    return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            if (_processes.LastOrDefault() is { HasExited: true })
                break;
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"{url} did not become ready. Output:\n{Log}");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReviewConsole.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find the repository root (ReviewConsole.sln).");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        foreach (var process in _processes)
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
