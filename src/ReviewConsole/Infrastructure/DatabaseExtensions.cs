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
        builder.Services.AddSingleton(_ => Tuned(new NpgsqlDataSourceBuilder(connectionString)).Build());
        // Pooled: a request reuses a context instead of building its options and services anew (measured in docs/benchmarks.md).
        builder.Services.AddDbContextPool<ReviewDbContext>((services, options) => options
            .UseNpgsql(services.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.MigrationsAssembly(MigrationsAssembly.Name))
            // Events leave after their transaction commits (Features/Events/EventOutbox.cs).
            .AddInterceptors(services.GetRequiredService<Features.Events.EventCommitInterceptor>()));
        builder.Services.AddHostedService<DatabaseInitializer>();
        return builder;
    }

    /// <summary>
    /// Per-request cost (measured in docs/benchmarks.md): a pooled connection is not reset with DISCARD ALL each time it
    /// is returned (the console keeps no session state on pooled connections: its locks and settings are per transaction),
    /// and statements used twice are prepared once per connection, so PostgreSQL stops parsing and planning the hot
    /// paths' SQL on every request. A connection string's own values win.
    /// </summary>
    private static NpgsqlDataSourceBuilder Tuned(NpgsqlDataSourceBuilder builder)
    {
        var given = builder.ConnectionString.ToLowerInvariant().Replace(" ", "");
        if (!given.Contains("noresetonclose"))
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        if (!given.Contains("maxautoprepare"))
            builder.ConnectionStringBuilder.MaxAutoPrepare = 100;
        return builder;
    }
}
