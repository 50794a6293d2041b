using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Data.Auth;
using ReviewConsole.Features.Auth;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Auth;

/// <summary>An open console page re-checks its user every minute: a role change or a lockout ends the session's old rights.</summary>
public sealed class ConsoleSessionTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task AnUnchangedUserStaysSignedIn()
    {
        var (provider, principal, _) = await SignedInAsync(Roles.Reviewer);

        Assert.True(await provider.IsCurrentAsync(principal));
    }

    [Fact]
    public async Task ARoleChangeEndsThePagesOldRights()
    {
        var (provider, principal, name) = await SignedInAsync(Roles.Reviewer);

        (await api.Admin.PutAsync($"/api/v1/users/{name}/roles",
            System.Net.Http.Json.JsonContent.Create(new SetRolesRequest([Roles.Manager])))).EnsureSuccessStatusCode();

        Assert.False(await provider.IsCurrentAsync(principal));
    }

    [Fact]
    public async Task ASessionEndsEightHoursAfterSignInEvenWithThePageOpen()
    {
        var (provider, principal, _) = await SignedInAsync(Roles.Reviewer);
        var stillOpen = await provider.IsCurrentAsync(principal);

        _clock.Advance(ConsoleSignIn.SessionLifetime + TimeSpan.FromMinutes(1));

        Assert.True(stillOpen);
        Assert.False(await provider.IsCurrentAsync(principal));
    }

    [Fact]
    public async Task ALockedOutUserIsSignedOut()
    {
        var (provider, principal, name) = await SignedInAsync(Roles.Reviewer);
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByNameAsync(name))!, DateTimeOffset.UtcNow.AddHours(1));
        }

        Assert.False(await provider.IsCurrentAsync(principal));
    }

    private async Task<(RevalidatingIdentityStateProvider Provider, ClaimsPrincipal Principal, string Name)> SignedInAsync(string role)
    {
        var signedInAt = _clock.GetUtcNow();
        var name = (await api.UserAsync(role)).User();
        var services = api.Factory.Services;
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync((await users.FindByNameAsync(name))!);
        principal.Identities.First().AddClaim(new Claim(ConsoleSignIn.SignedInAtClaim, signedInAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var provider = new RevalidatingIdentityStateProvider(services.GetRequiredService<ILoggerFactory>(),
            services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<IOptions<IdentityOptions>>(), _clock);
        return (provider, principal, name);
    }
}
