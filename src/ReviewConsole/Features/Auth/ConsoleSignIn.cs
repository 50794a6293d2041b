using Microsoft.AspNetCore.Identity;
using ReviewConsole.Data.Auth;

namespace ReviewConsole.Features.Auth;

/// <summary>Browser sign-in and sign-out: the Identity cookie, with lockout after repeated failures.</summary>
public static class ConsoleSignIn
{
    public const string Failed = "Unknown username or wrong password.";

    public static IEndpointRouteBuilder MapConsoleAccount(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/login");
        }).ExcludeFromDescription();
        return app;
    }

    /// <summary>Checks the password and, on success, issues the console cookie; returns the error to show, or null.</summary>
    public static async Task<string?> SignInAsync(SignInManager<AppUser> signIn, string username, string password)
    {
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
            return "Enter your username and password.";
        if (username.Length > 256 || username.Contains('\0'))
            return Failed;
        var result = await signIn.PasswordSignInAsync(username, password, isPersistent: false, lockoutOnFailure: true);
        return result.Succeeded ? null
            : result.IsLockedOut ? "Too many failed attempts: this account is locked for a few minutes."
            : Failed;
    }
}
