using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ReviewConsole.Data.Auth;

namespace ReviewConsole.Features.Auth;

public sealed class StampCheckOptions
{
    /// <summary>How long a user's security stamp is trusted between database checks (Auth:StampCacheSeconds).</summary>
    public int StampCacheSeconds { get; set; } = 30;

    /// <summary>How long a known API key is trusted between database checks (Auth:ApiKeyCacheSeconds).</summary>
    public int ApiKeyCacheSeconds { get; set; } = 30;
}

/// <summary>
/// A person's bearer token (or cookie) stands only while its user exists and has the security stamp the token was
/// issued with: a role change, a password change or a deleted user ends it within the cache time, instead of a
/// demoted admin's token staying admin for its whole life. API keys carry no stamp and are checked by their handler.
/// </summary>
internal sealed class StampCheck(IServiceScopeFactory scopes, IMemoryCache cache, IOptions<IdentityOptions> identity,
    IOptions<StampCheckOptions> options) : IClaimsTransformation
{
    private static readonly ClaimsPrincipal Nobody = new(new ClaimsIdentity());

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not { IsAuthenticated: true } person || person.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName)
            return principal;
        var claims = identity.Value.ClaimsIdentity;
        // A person's principal without user id or stamp was not issued by this console: honour nothing in it.
        if (principal.FindFirstValue(claims.SecurityStampClaimType) is not { } stamp
            || principal.FindFirstValue(claims.UserIdClaimType) is not { } userId)
            return Nobody;
        var key = CacheKey(userId);
        // The cache only ever confirms a stamp; a mismatch (a newer token after a sign-out elsewhere, a user enabled
        // again) is checked against the database before the token is refused.
        if (!cache.TryGetValue(key, out string? current) || current != stamp)
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            // A deleted or disabled user has no current stamp.
            current = await users.FindByIdAsync(userId) is { } user && !await users.IsLockedOutAsync(user)
                ? await users.GetSecurityStampAsync(user)
                : null;
            if (options.Value.StampCacheSeconds > 0)
                cache.Set(key, current, TimeSpan.FromSeconds(options.Value.StampCacheSeconds));
        }
        return current == stamp ? principal : Nobody;
    }

    /// <summary>Forgets the cached stamp after a sign-out, a disable or a role change, so this host stops honouring old tokens at once.</summary>
    public static void Forget(IMemoryCache cache, string userId) => cache.Remove(CacheKey(userId));

    private static string CacheKey(string userId) => $"stamp:{userId}";
}

/// <summary>Ends every session of a user: the one way sign-out, disable and role changes revoke tokens.</summary>
internal static class Sessions
{
    public static async Task EndAllAsync(UserManager<AppUser> users, IMemoryCache cache, AppUser user)
    {
        await users.UpdateSecurityStampAsync(user);
        StampCheck.Forget(cache, user.Id);
    }
}

/// <summary>
/// A token that <see cref="StampCheck"/> no longer honours leaves an anonymous principal: that is a 401 (sign in
/// again), not the 403 the authorization middleware would give an authenticated caller without the role.
/// </summary>
internal sealed class ChallengeTheUnauthenticated : Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler
{
    private readonly Microsoft.AspNetCore.Authorization.Policy.AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, Microsoft.AspNetCore.Authorization.AuthorizationPolicy policy,
        Microsoft.AspNetCore.Authorization.Policy.PolicyAuthorizationResult authorizeResult) =>
        authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated != true
            ? context.ChallengeAsync()
            : _default.HandleAsync(next, context, policy, authorizeResult);
}
