using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ReviewConsole.Testing;

/// <summary>
/// A real PostgreSQL for tests. scripts/test.sh starts one cluster and passes RC_TEST_PG; run alone,
/// the suite starts its own throwaway cluster (initdb in a temp folder) and stops it at exit.
/// Each caller gets a fresh database, so suites never see each other's rows.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<string> Server = new(StartOrUseConfigured, LazyThreadSafetyMode.ExecutionAndPublication);

    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using var connection = new NpgsqlConnection(Server.Value);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
            await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(Server.Value) { Database = name, Pooling = true, MaxPoolSize = 60 }.ConnectionString;
    }

    /// <summary>Runs one statement against a test database (arranging states the Api cannot reach quickly, like an expired lease).</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Refuses (and ends) or allows again every connection to one test database: an outage without stopping the shared server.</summary>
    public static async Task SetConnectionsAllowedAsync(string connectionString, bool allowed)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var connection = new NpgsqlConnection(Server.Value);
        await connection.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", connection))
            await alter.ExecuteNonQueryAsync();
        if (allowed)
            return;
        await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @name", connection);
        terminate.Parameters.AddWithValue("name", name);
        await terminate.ExecuteScalarAsync();
    }

    private static string StartOrUseConfigured()
    {
        if (Environment.GetEnvironmentVariable("RC_TEST_PG") is { Length: > 0 } configured)
            return configured;

        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("No PostgreSQL server binaries: run scripts/test.sh, which installs them, or set RC_TEST_PG.");
        var data = Path.Combine(Path.GetTempPath(), $"rc-test-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
            Run("chown", $"postgres:postgres {data}");
        RunAsOwner(asRoot, Path.Combine(bin, "initdb"), $"-D {data} -U postgres --auth=trust -E UTF8");
        RunAsOwner(asRoot, Path.Combine(bin, "pg_ctl"),
            $"-D {data} -l {data}/server.log -w -o \"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300\" start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            RunAsOwner(asRoot, Path.Combine(bin, "pg_ctl"), $"-D {data} -m immediate -w stop");
            Directory.Delete(data, recursive: true);
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void RunAsOwner(bool asRoot, string file, string arguments)
    {
        if (asRoot)
            Run("runuser", $"-u postgres -- {file} {arguments}");
        else
            Run(file, arguments);
    }

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} failed: {error.Result}");
    }
}
