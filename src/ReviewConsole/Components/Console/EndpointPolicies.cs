using System.Collections.Frozen;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace ReviewConsole.Components.Console;

/// <summary>
/// The authorization policy of each HTTP endpoint, read from its metadata, so a console page is allowed
/// exactly what the same call over HTTP is allowed: one set of named policies, enforced one way.
/// Endpoints are named "METHOD /pattern", e.g. "POST /api/v1/workflows/{key}/automation:promote".
/// </summary>
public sealed class EndpointPolicies(EndpointDataSource endpoints, IAuthorizationPolicyProvider provider, IAuthorizationService authorization)
{
    private FrozenDictionary<string, AuthorizationPolicy?>? _policies;

    public async Task<bool> AllowsAsync(string endpoint, ClaimsPrincipal user)
    {
        var policies = _policies ??= await LoadAsync();
        if (!policies.TryGetValue(endpoint, out var policy))
            throw new InvalidOperationException($"No endpoint '{endpoint}': the console names an endpoint that does not exist.");
        return policy is null || (await authorization.AuthorizeAsync(user, policy)).Succeeded;
    }

    /// <summary>Every endpoint name, for tests that prove both surfaces agree.</summary>
    public async Task<IReadOnlyCollection<string>> NamesAsync() => (_policies ??= await LoadAsync()).Keys;

    private async Task<FrozenDictionary<string, AuthorizationPolicy?>> LoadAsync()
    {
        var result = new Dictionary<string, AuthorizationPolicy?>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods || endpoint.RoutePattern.RawText is not { } raw)
                continue;
            // As the authorization middleware decides: anonymous endpoints need nothing, endpoints without
            // metadata get the fallback policy (none is set today; one added later applies here too).
            var policy = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
                ? null
                : await AuthorizationPolicy.CombineAsync(provider, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(),
                      endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>())
                  ?? await provider.GetFallbackPolicyAsync();
            foreach (var method in methods.HttpMethods)
                result[$"{method} {Normalize(raw)}"] = policy;
        }
        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string Normalize(string pattern) => "/" + string.Join('/', pattern.Split('/', StringSplitOptions.RemoveEmptyEntries));
}
