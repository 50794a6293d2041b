using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using ReviewConsole.Data.Auth;

namespace ReviewConsole.Features.Auth;

/// <summary>Browser sign-in and sign-out: the Identity cookie, with lockout after repeated failures.</summary>
public static class ConsoleSignIn
{
    public const string Failed = "Unknown username or wrong password.";

    /// <summary>How long a console sign-in lasts, whether or not the page stays open (the cookie does not slide).</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    /// <summary>When the console session began (Unix seconds): open pages end with it, as the cookie does.</summary>
    public const string SignedInAtClaim = "rc:signed_in_at";

    public static IEndpointRouteBuilder MapConsoleAccount(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/login");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
        return app;
    }

    /// <summary>Checks the password and, on success, issues the console cookie; returns the error to show, or null.</summary>
    public static async Task<string?> SignInAsync(SignInManager<AppUser> signIn, LoginGuard guard, HttpContext context, TimeProvider time, string username, string password)
    {
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
            return "Enter your username and password.";
        if (username.Length > 256 || username.Contains('\0'))
            return Failed;
        if (guard.Admit(LoginGuard.ClientOf(context), username) is { } wait)
            return $"Too many sign-in attempts: try again in {Math.Ceiling(wait.TotalSeconds):0} s.";
        var user = await signIn.UserManager.FindByNameAsync(username);
        if (user is null)
            guard.VerifyNothing(password);
        if (user is null || !(await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false)).Succeeded)
        {
            guard.Failed(username);
            return Failed;
        }
        await signIn.SignInWithClaimsAsync(user, isPersistent: false,
            [new Claim(SignedInAtClaim, time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))]);
        return null;
    }
}
