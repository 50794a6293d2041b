using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReviewConsole.Data;
using ReviewConsole.Migrations;

namespace ReviewConsole.Infrastructure;

public static class DatabaseExtensions
{
    public const string ConnectionStringName = "ReviewConsole";

    public static WebApplicationBuilder AddReviewDatabase(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set (environment: ConnectionStrings__{ConnectionStringName}).");

        // One data source per process: EF Core and the raw-SQL paths (ingest, LISTEN) share its pool.
        // Registered by factory so the container owns it: a stopped host (a test's, a replica's) closes its pool.
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        builder.Services.AddDbContext<ReviewDbContext>((services, options) => options
            .UseNpgsql(services.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.MigrationsAssembly(MigrationsAssembly.Name))
            // Events leave after their transaction commits (Features/Events/EventOutbox.cs).
            .AddInterceptors(services.GetRequiredService<Features.Events.EventCommitInterceptor>()));
        builder.Services.AddHostedService<DatabaseInitializer>();
        return builder;
    }
}
