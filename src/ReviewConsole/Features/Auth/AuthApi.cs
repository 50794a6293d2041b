using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ReviewConsole.Infrastructure;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Data.Auth;

namespace ReviewConsole.Features.Auth;

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/auth").WithTags("Auth");
        group.MapPost("/login", Login).AllowAnonymous()
            .Produces<AccessTokenResponse>().WithSummary("Exchange a username and password for a bearer token.");
        group.MapPost("/refresh", Refresh).AllowAnonymous()
            .Produces<AccessTokenResponse>().WithSummary("Exchange a refresh token for a new access token and refresh token.");
        group.MapPost("/logout", Logout).RequireAuthorization(Policies.SignedIn)
            .WithSummary("Sign out everywhere: every access token, refresh token and console session of the caller stops working.");
        group.MapGet("/me", Me).RequireAuthorization(Policies.SignedIn);
        return group;
    }

    internal static async Task<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request, UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> principals, LoginGuard guard, HttpContext context,
        TimeProvider time)
    {
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrWhiteSpace(request.Username) && request.Username.Length <= 256, "username", "Username is required (at most 256 characters).");
        errors.Require(!string.IsNullOrEmpty(request.Password), "password", "Password is required.");
        if (errors.HasErrors)
            return TypedResults.ValidationProblem(errors);

        if (guard.Admit(LoginGuard.ClientOf(context), request.Username!) is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(title: "Too many sign-in attempts", detail: $"Try again in {Math.Ceiling(wait.TotalSeconds):0} s.",
                statusCode: StatusCodes.Status429TooManyRequests);
        }
        var user = await users.FindByNameAsync(request.Username!);
        if (user is null)
            guard.VerifyNothing(request.Password!);
        // A user locked by an admin (lockout end set) cannot sign in; failed guesses no longer lock anyone out.
        if (user is null || !await users.CheckPasswordAsync(user, request.Password!) || await users.IsLockedOutAsync(user))
        {
            guard.Failed(request.Username!);
            return TypedResults.Problem(title: "Sign-in failed", detail: "Unknown username or wrong password.", statusCode: StatusCodes.Status401Unauthorized);
        }
        // The bearer handler writes { tokenType, accessToken, expiresIn, refreshToken }.
        var principal = await principals.CreateAsync(user);
        principal.Identities.First().AddClaim(new Claim(ConsoleSignIn.SignedInAtClaim,
            time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    /// <summary>
    /// A refresh token buys new tokens only while its user exists, is not disabled and has the security stamp it was
    /// issued with: a sign-out, a disable, a role or password change ends every refresh token of that user.
    /// </summary>
    internal static async Task<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult>> Refresh(
        RefreshRequest request, SignInManager<AppUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider time)
    {
        if (string.IsNullOrEmpty(request.RefreshToken) || request.RefreshToken.Length > 8192)
        {
            var errors = new FieldErrors();
            errors.Add("refreshToken", "The refresh token from sign-in is required.");
            return TypedResults.ValidationProblem(errors);
        }
        var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        // Refreshing never outlives the sign-in: eight hours after it, sign in again (as the console's cookie does).
        if (ticket?.Properties.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
            || ticket.Principal.FindFirst(ConsoleSignIn.SignedInAtClaim)?.Value is not { } signedIn
            || !long.TryParse(signedIn, System.Globalization.CultureInfo.InvariantCulture, out var signedInAt)
            || time.GetUtcNow() >= DateTimeOffset.FromUnixTimeSeconds(signedInAt) + ConsoleSignIn.SessionLifetime
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user
            || await signIn.UserManager.IsLockedOutAsync(user))
            return TypedResults.Problem(title: "Sign in again", detail: "The refresh token is expired or revoked.", statusCode: StatusCodes.Status401Unauthorized);
        var principal = await signIn.CreateUserPrincipalAsync(user);
        principal.Identities.First().AddClaim(new Claim(ConsoleSignIn.SignedInAtClaim, signedIn));
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Logout(ClaimsPrincipal principal, UserManager<AppUser> users, IMemoryCache cache)
    {
        if (await users.GetUserAsync(principal) is not { } user)
            return TypedResults.Problem(title: "Sign in again", statusCode: StatusCodes.Status401Unauthorized);
        await Sessions.EndAllAsync(users, cache, user);
        return TypedResults.NoContent();
    }

    internal static Ok<MeResponse> Me(ClaimsPrincipal user) =>
        TypedResults.Ok(new MeResponse(user.Username(), Roles.All.Where(user.IsInRole).ToList()));
}
