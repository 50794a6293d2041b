using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using ReviewConsole.Data;

namespace ReviewConsole.Migrations;

/// <summary>
/// Lets `dotnet ef migrations add` build the model without starting the host. The connection string is only
/// used by commands that touch a database (`database update`); set ConnectionStrings__ReviewConsole for those.
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ReviewDbContext>
{
    public ReviewDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<ReviewDbContext>()
        .UseNpgsql(Environment.GetEnvironmentVariable("ConnectionStrings__ReviewConsole") ?? "Host=127.0.0.1;Database=reviewconsole;Username=postgres",
            npgsql => npgsql.MigrationsAssembly(MigrationsAssembly.Name))
        .Options);
}
