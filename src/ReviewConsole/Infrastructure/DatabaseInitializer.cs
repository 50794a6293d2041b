using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Data;
using ReviewConsole.Data.Auth;

namespace ReviewConsole.Infrastructure;

/// <summary>
/// Applies migrations and creates the roles and the first admin before the server accepts requests
/// (hosted services start before Kestrel). EF Core serialises concurrent migrations across replicas.
/// </summary>
internal sealed class DatabaseInitializer(IServiceProvider services, IConfiguration configuration, ILogger<DatabaseInitializer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReviewDbContext>();
        await db.Database.MigrateAsync(cancellationToken);

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
        }
        await EnsureBootstrapAdminAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>());
    }

    private async Task EnsureBootstrapAdminAsync(UserManager<AppUser> users)
    {
        var username = configuration["Bootstrap:AdminUser"];
        var password = configuration["Bootstrap:AdminPassword"];
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrWhiteSpace(password))
            return;
        if (await users.FindByNameAsync(username) is not null)
            return;
        var admin = new AppUser { UserName = username, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
            throw new InvalidOperationException("Bootstrap admin could not be created: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(admin, Roles.Admin);
        logger.LogInformation("Created bootstrap admin {User}", username);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
