using System.Security.Claims;

namespace ReviewConsole.Infrastructure;

public static class UserExtensions
{
    public static string Username(this ClaimsPrincipal user) =>
        user.Identity?.Name ?? throw new InvalidOperationException("The endpoint requires an authenticated user.");
}
