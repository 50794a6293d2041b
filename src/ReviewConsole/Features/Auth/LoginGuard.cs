using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ReviewConsole.Data.Auth;

namespace ReviewConsole.Features.Auth;

public sealed class LoginGuardOptions
{
    /// <summary>Sign-in attempts one client (address) may make per minute (Auth:LoginAttemptsPerClient).</summary>
    public int LoginAttemptsPerClient { get; set; } = 30;

    /// <summary>Failed sign-ins one account may take per minute before it answers 429 (Auth:LoginFailuresPerAccount).</summary>
    public int LoginFailuresPerAccount { get; set; } = 10;
}

/// <summary>
/// Guessing passwords is slowed by rate limits per client and per account (429 with Retry-After) instead of
/// locking accounts, which let anyone lock out any admin with ten wrong guesses. A failed sign-in costs the same
/// time whether the user exists or not, so timing does not tell which usernames are real.
/// </summary>
public sealed class LoginGuard(IOptions<LoginGuardOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Counter> _clients = new();
    private readonly ConcurrentDictionary<string, Counter> _accountFailures = new(StringComparer.OrdinalIgnoreCase);
    // The same hasher, settings and cost as the user store's, held here because the guard outlives request scopes.
    private readonly PasswordHasher<AppUser> _hasher = new();
    private string? _dummyHash;

    private sealed class Counter
    {
        public DateTimeOffset WindowStart;
        public int Count;
    }

    /// <summary>Counts an attempt; the time to wait when the client or the account is over its limit, else null.</summary>
    public TimeSpan? Admit(string client, string account)
    {
        var now = time.GetUtcNow();
        if (Over(_accountFailures, account, options.Value.LoginFailuresPerAccount, now, count: false) is { } accountWait)
            return accountWait;
        return Over(_clients, client, options.Value.LoginAttemptsPerClient, now, count: true);
    }

    /// <summary>Records a failed sign-in against the account.</summary>
    public void Failed(string account) => Over(_accountFailures, account, int.MaxValue, time.GetUtcNow(), count: true);

    /// <summary>Spends a password check's time for a username that does not exist.</summary>
    public void VerifyNothing(string password) => _hasher.VerifyHashedPassword(new AppUser(),
        _dummyHash ??= _hasher.HashPassword(new AppUser(), Guid.NewGuid().ToString()), password);

    private static TimeSpan? Over(ConcurrentDictionary<string, Counter> counters, string key, int limit, DateTimeOffset now, bool count)
    {
        var counter = counters.GetOrAdd(key, _ => new Counter { WindowStart = now });
        lock (counter)
        {
            if (now - counter.WindowStart >= Window)
                (counter.WindowStart, counter.Count) = (now, 0);
            if (counter.Count >= limit)
                return counter.WindowStart + Window - now;
            if (count)
                counter.Count++;
            return null;
        }
    }

    public static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
