using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Features.Auth;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Hardening;

/// <summary>Issue 10, item 14: rate limits instead of lockouts.</summary>
public sealed class LoginGuardTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task WrongGuessesNoLongerLockTheAdminOut()
    {
        var anonymous = api.Anonymous();
        for (var i = 0; i < 12; i++)
            await anonymous.PostJsonAsync("/api/v1/auth/login", new LoginRequest(ApiSession.AdminUser, $"wrong-{i}"));

        var throttled = await anonymous.PostJsonAsync("/api/v1/auth/login", new LoginRequest(ApiSession.AdminUser, "wrong-again"));

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.NotNull(throttled.Headers.RetryAfter);
    }

    [Fact]
    public void AnAccountIsThrottledAfterTenFailuresAMinuteAndFreeAgainAfterIt()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var guard = new LoginGuard(Options.Create(new LoginGuardOptions()), clock);
        for (var i = 0; i < 10; i++)
        {
            Assert.Null(guard.Admit($"client-{i}", "alice"));
            guard.Failed("alice");
        }

        var blocked = guard.Admit("another-client", "alice");
        var otherAccount = guard.Admit("another-client", "bob");
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.NotNull(blocked);
        Assert.Null(otherAccount);
        Assert.Null(guard.Admit("another-client", "alice"));
    }

    [Fact]
    public void OneClientIsThrottledAfterItsAttemptsAMinute()
    {
        var guard = new LoginGuard(Options.Create(new LoginGuardOptions { LoginAttemptsPerClient = 3 }), new FakeTimeProvider());

        var admitted = Enumerable.Range(0, 4).Select(i => guard.Admit("10.0.0.9", $"user-{i}") is null).ToList();

        Assert.Equal([true, true, true, false], admitted);
    }
}
