using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using ReviewConsole.Data;
using ReviewConsole.Migrations;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Schema;

/// <summary>The migrations must build exactly the schema the EF model describes, and upgrade older databases in place.</summary>
public sealed class MigrationTests
{
    /// <summary>The newest migration of the two-process release (Api + Web, before the one host).</summary>
    private const string PreviousRelease = "20261122090000_ProfileQueue";

    [Fact]
    public void TheModelSnapshotMatchesTheModelSoNoChangeIsLeftWithoutAMigration()
    {
        using var db = Context("Host=127.0.0.1;Database=unused");

        Assert.False(db.Database.HasPendingModelChanges(), "the model changed: run dotnet ef migrations add NAME --project migrations");
    }

    [Fact]
    public async Task ADatabaseOfThePreviousReleaseUpgradesInPlaceAndKeepsItsData()
    {
        var database = await TestPostgres.CreateDatabaseAsync("rc_upgrade");
        await using (var db = Context(database))
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(PreviousRelease);
        await TestPostgres.ExecuteAsync(database, """
            INSERT INTO workflows (key, name, labels, feature_schema, criticality, level, partial_audit_rate, full_audit_rate,
                                   audit_priority, escalation_priority, lease_seconds, created_by, created_at)
            VALUES ('legacy', 'Legacy workflow', '{a,b}', '[{"name":"x","type":"numeric"}]', 'medium', 'manual', 0.05, 0.02,
                    10, 20, 300, 'admin', now())
            """);

        await using var host = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:ReviewConsole", database)
            .UseSetting("Bootstrap:AdminUser", ApiSession.AdminUser)
            .UseSetting("Bootstrap:AdminPassword", ApiSession.AdminPassword));
        var admin = await ApiSession.SignInAsync(host.CreateClient, ApiSession.AdminUser, ApiSession.AdminPassword);
        var workflow = await admin.GetAsync("/api/v1/workflows/legacy");

        Assert.Equal(System.Net.HttpStatusCode.OK, workflow.StatusCode);
        await using (var db = Context(database))
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task MigratedSchemaMatchesModel()
    {
        var migrated = await TestPostgres.CreateDatabaseAsync("rc_migrated");
        var created = await TestPostgres.CreateDatabaseAsync("rc_created");
        await using (var db = Context(migrated))
            await db.Database.MigrateAsync();
        await using (var db = Context(created))
            await db.Database.EnsureCreatedAsync();

        var expected = await DescribeAsync(created);
        var actual = await DescribeAsync(migrated);

        Assert.Equal(expected, actual);
    }

    private static ReviewDbContext Context(string connectionString) => new(new DbContextOptionsBuilder<ReviewDbContext>()
        .UseNpgsql(connectionString, o => o.MigrationsAssembly(MigrationsAssembly.Name))
        .Options);

    private static async Task<List<string>> DescribeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var lines = new List<string>();
        foreach (var sql in new[]
        {
            """
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(character_maximum_length::text, '')
                   || ' null=' || is_nullable || ' default=' || coalesce(column_default, '') || ' identity=' || is_identity
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__EFMigrationsHistory'
            """,
            """
            SELECT 'constraint ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
            FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
            WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> '"__EFMigrationsHistory"'
            """,
            """
            SELECT 'index ' || indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory'
            """,
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                lines.Add(reader.GetString(0));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
