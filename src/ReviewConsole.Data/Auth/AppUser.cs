using Microsoft.AspNetCore.Identity;

namespace ReviewConsole.Data.Auth;

public sealed class AppUser : IdentityUser
{
    public DateTimeOffset CreatedAt { get; set; }
}
