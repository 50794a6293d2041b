using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
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
        group.MapGet("/me", Me).RequireAuthorization(Policies.SignedIn);
        return group;
    }

    internal static async Task<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request, UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> principals, LoginGuard guard, HttpContext context)
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
        return TypedResults.SignIn(await principals.CreateAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
    }

    internal static Ok<MeResponse> Me(ClaimsPrincipal user) =>
        TypedResults.Ok(new MeResponse(user.Username(), Roles.All.Where(user.IsInRole).ToList()));
}
