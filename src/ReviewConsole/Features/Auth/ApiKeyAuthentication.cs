using System.Security.Claims;
using System.Security.Cryptography;
using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ReviewConsole.Data;

namespace ReviewConsole.Features.Auth;

/// <summary>
/// Authenticates model clients by X-Api-Key; the principal carries the key's workflow. A known key is remembered for
/// Auth:ApiKeyCacheSeconds (30): a revocation ends it at once on the replica that revoked it and within that time on the
/// others, as a person's role change does (<see cref="StampCheck"/>). Unknown keys are never remembered.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ReviewDbContext db,
    IMemoryCache cache, IOptions<StampCheckOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    private sealed record Match(string Name, string WorkflowKey);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.ToString() is not { Length: > 0 } key)
            return AuthenticateResult.NoResult();
        var hash = ApiKeys.Hash(key);
        if (!cache.TryGetValue(ApiKeys.CacheKey(hash), out Match? match))
        {
            match = await db.ApiKeys.AsNoTracking()
                .Where(k => k.Hash == hash && k.RevokedAt == null)
                .Select(k => new Match(k.Name, k.Workflow!.Key))
                .FirstOrDefaultAsync(Context.RequestAborted);
            if (match is not null && auth.Value.ApiKeyCacheSeconds > 0)
                cache.Set(ApiKeys.CacheKey(hash), match, TimeSpan.FromSeconds(auth.Value.ApiKeyCacheSeconds));
        }
        if (match is null)
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, $"apikey:{match.Name}"),
                new Claim(ClaimTypes.Role, Policies.ClientRole),
                new Claim(Policies.WorkflowClaim, match.WorkflowKey),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

public static class ApiKeys
{
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string CacheKey(string hash) => $"apikey:{hash}";

    /// <summary>A 256-bit random key; high entropy makes a fast hash safe to store.</summary>
    public static string NewKey() => "rc_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>True when the caller may act on the workflow: people by role, clients only on their own workflow.</summary>
    public static bool MayAccessWorkflow(this ClaimsPrincipal user, string workflowKey) =>
        !user.IsInRole(Policies.ClientRole) || user.HasClaim(Policies.WorkflowClaim, workflowKey);
}
