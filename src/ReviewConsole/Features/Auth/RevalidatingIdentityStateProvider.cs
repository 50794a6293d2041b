using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ReviewConsole.Data.Auth;

namespace ReviewConsole.Features.Auth;

/// <summary>
/// An open console (a circuit lives for hours) re-checks the user every minute: a role change, a lockout, a
/// password change or the end of the eight-hour sign-in signs the page out instead of leaving old rights in place.
/// </summary>
internal sealed class RevalidatingIdentityStateProvider(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> options, TimeProvider time)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => AuthExtensions.RevalidationInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken) =>
        IsCurrentAsync(state.User);

    /// <summary>Whether a signed-in page's principal still stands: same security stamp, user not locked out.</summary>
    internal async Task<bool> IsCurrentAsync(ClaimsPrincipal principal)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await IsCurrentAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), principal);
    }

    private async Task<bool> IsCurrentAsync(UserManager<AppUser> users, ClaimsPrincipal principal)
    {
        // An open page ends with its sign-in, as the cookie does: no session outlives its eight hours.
        if (!long.TryParse(principal.FindFirstValue(ConsoleSignIn.SignedInAtClaim), out var signedInAt)
            || time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(signedInAt) > ConsoleSignIn.SessionLifetime)
            return false;
        var user = await users.GetUserAsync(principal);
        if (user is null || await users.IsLockedOutAsync(user))
            return false;
        if (!users.SupportsUserSecurityStamp)
            return true;
        return principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType) == await users.GetSecurityStampAsync(user);
    }
}
