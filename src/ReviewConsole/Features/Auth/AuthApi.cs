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
        LoginRequest request, UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> principals)
    {
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrWhiteSpace(request.Username) && request.Username.Length <= 256, "username", "Username is required (at most 256 characters).");
        errors.Require(!string.IsNullOrEmpty(request.Password), "password", "Password is required.");
        if (errors.HasErrors)
            return TypedResults.ValidationProblem(errors);

        var user = await users.FindByNameAsync(request.Username!);
        if (user is null || await users.IsLockedOutAsync(user) || !await users.CheckPasswordAsync(user, request.Password!))
        {
            if (user is not null)
                await users.AccessFailedAsync(user);
            return TypedResults.Problem(title: "Sign-in failed", detail: "Unknown username or wrong password.", statusCode: StatusCodes.Status401Unauthorized);
        }
        await users.ResetAccessFailedCountAsync(user);
        // The bearer handler writes { tokenType, accessToken, expiresIn, refreshToken }.
        return TypedResults.SignIn(await principals.CreateAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
    }

    internal static Ok<MeResponse> Me(ClaimsPrincipal user) =>
        TypedResults.Ok(new MeResponse(user.Username(), Roles.All.Where(user.IsInRole).ToList()));
}
