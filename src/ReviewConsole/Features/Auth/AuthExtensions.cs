using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using ReviewConsole.Data;
using ReviewConsole.Data.Auth;
using ReviewConsole.Infrastructure;

namespace ReviewConsole.Features.Auth;

public static class AuthExtensions
{
    private const string SelectScheme = "BearerApiKeyOrCookie";

    /// <summary>How often a signed-in browser's security stamp is checked: a role change, a disabled user or a new password bite within this.</summary>
    public static readonly TimeSpan RevalidationInterval = TimeSpan.FromMinutes(1);

    /// <summary>How long a bearer token is honoured; a client refreshes it with its refresh token.</summary>
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(15);

    public static WebApplicationBuilder AddReviewAuth(this WebApplicationBuilder builder)
    {
        builder.AddKeyRing();

        builder.Services.AddIdentityCore<AppUser>(o =>
            {
                // Length and PasswordPolicy, not character classes (NIST SP 800-63B).
                o.Password.RequiredLength = PasswordPolicy.MinLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 10;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ReviewDbContext>()
            .AddSignInManager()
            .AddPasswordValidator<PasswordPolicy>();
        builder.Services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = RevalidationInterval;
            // The cookie is re-issued from the user store each interval: keep when the session began.
            o.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst(ConsoleSignIn.SignedInAtClaim) is { } signedInAt)
                    context.NewPrincipal?.Identities.First().AddClaim(new System.Security.Claims.Claim(signedInAt.Type, signedInAt.Value));
                return Task.CompletedTask;
            };
        });

        // The HTTP API and the hub take bearer tokens and API keys only; the browser console takes the Identity
        // cookie. A cookie never authenticates an API call, so the API needs no antiforgery tokens.
        builder.Services.AddAuthentication(SelectScheme)
            .AddPolicyScheme(SelectScheme, "Bearer token, API key or console cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) ? ApiKeyAuthenticationHandler.SchemeName
                : ProblemHandling.IsApi(context.Request) ? IdentityConstants.BearerScheme
                : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                // Short-lived access tokens; POST /auth/refresh trades the refresh token for new ones after re-checking the user.
                o.BearerTokenExpiration = AccessTokenLifetime;
                o.RefreshTokenExpiration = ConsoleSignIn.SessionLifetime;
                // WebSocket and server-sent-event clients cannot set headers: SignalR sends the token as access_token.
                o.Events.OnMessageReceived = context =>
                {
                    if (context.Request.Path.StartsWithSegments("/hubs") && context.Request.Query["access_token"] is [{ Length: > 0 } token])
                        context.Token = token;
                    return Task.CompletedTask;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie!.Configure(o =>
            {
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/access-denied";
                o.Cookie.Name = "reviewconsole";
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = ConsoleSignIn.SessionLifetime;
                o.SlidingExpiration = false;
            }));
        builder.Services.AddMemoryCache();
        builder.Services.AddOptions<StampCheckOptions>().BindConfiguration("Auth");
        builder.Services.AddOptions<LoginGuardOptions>().BindConfiguration("Auth");
        builder.Services.AddSingleton<LoginGuard>();
        builder.Services.AddScoped<IClaimsTransformation, StampCheck>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ChallengeTheUnauthenticated>();
        builder.Services.AddAuthorization(Policies.Configure);
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        return builder;
    }
}
