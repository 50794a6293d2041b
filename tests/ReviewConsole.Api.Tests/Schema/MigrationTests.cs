using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using ReviewConsole.Data;
using ReviewConsole.Migrations;
using ReviewConsole.Testing;

namespace ReviewConsole.Api.Tests.Schema;

/// <summary>The hand-written migrations must build exactly the schema the EF model describes.</summary>
public sealed class MigrationTests
{
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
        .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
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
