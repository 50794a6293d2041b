using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Workflows;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests;

/// <summary>The host in-process on its own fresh PostgreSQL database, one per test class.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;

    public string ConnectionString { get; private set; } = "";
    public HttpClient Admin { get; private set; } = default!;

    /// <summary>Signs the admin in again: a change of the admin's own roles rightly ends the tokens issued before it.</summary>
    public async Task RenewAdminAsync() =>
        Admin = await ApiSession.SignInAsync(_factory!.CreateClient, ApiSession.AdminUser, ApiSession.AdminPassword);
    public WebApplicationFactory<Program> Factory => _factory!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("rc_api");
        _factory = NewReplica();
        Admin = await ApiSession.SignInAsync(_factory.CreateClient, ApiSession.AdminUser, ApiSession.AdminPassword);
    }

    /// <summary>Another host on the same database, as a second replica would be.</summary>
    public WebApplicationFactory<Program> NewReplica() => new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
        .UseSetting("ConnectionStrings:ReviewConsole", ConnectionString)
        .UseSetting("Bootstrap:AdminUser", ApiSession.AdminUser)
        .UseSetting("Bootstrap:AdminPassword", ApiSession.AdminPassword)
        // The webhook tests' receiver listens on loopback, which callbacks may reach only when allowed.
        .UseSetting("Webhooks:AllowedHosts:0", "127.0.0.1")
        // Every request re-checks the token's security stamp, so a test sees a role change at once.
        .UseSetting("Auth:StampCacheSeconds", "0")
        // Likewise an API key (revoked on one replica, refused at once by another); the cache itself has a test.
        .UseSetting("Auth:ApiKeyCacheSeconds", "0")
        // The suite signs in hundreds of times from one test client; the login limits have tests of their own.
        .UseSetting("Auth:LoginAttemptsPerClient", "100000")
        // One-second drift buckets, so a test can put a reference and a current window seconds apart.
        .UseSetting("Drift:BucketSeconds", "1")
        // Canaries are evaluated every second, so a test sees a step or a rollback at once.
        .UseSetting("Rollouts:EvaluateSeconds", "1")
        // The gauges' database reading every second, so a scrape soon shows what a test did.
        .UseSetting("Telemetry:SampleSeconds", "1"));

    public Task<long> CountAsync(string sql) => TestPostgres.ScalarAsync<long>(ConnectionString, sql);

    public Task ExecuteAsync(string sql) => TestPostgres.ExecuteAsync(ConnectionString, sql);

    public HttpClient Anonymous() => Factory.CreateClient();

    /// <summary>Waits until the profile builder has counted every item of the workflow.</summary>
    public async Task WaitProfiledAsync(string workflow)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await CountAsync($"SELECT count(*) FROM profile_queue q JOIN items i ON i.id = q.item_id JOIN workflows w ON w.id = i.workflow_id WHERE w.key = '{workflow}'") == 0)
                return;
            await Task.Delay(100);
        }
        throw new TimeoutException("Profiles were not built within 10 s.");
    }

    /// <summary>
    /// Waits for the next whole second and returns it: with one-second drift buckets, everything before it is in
    /// earlier buckets than everything after, so a test can put a reference and a current window side by side.
    /// </summary>
    public static async Task<DateTimeOffset> NextWholeSecondAsync()
    {
        var boundary = new DateTimeOffset(DateTimeOffset.UtcNow.UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(1);
        while (DateTimeOffset.UtcNow < boundary.AddMilliseconds(50))
            await Task.Delay(20);
        return boundary;
    }

    /// <summary>A new user with the given roles, signed in.</summary>
    public async Task<HttpClient> UserAsync(params string[] roles)
    {
        var name = $"u{Guid.NewGuid():N}"[..12];
        await ApiSession.CreateUserAsync(Admin, name, roles);
        var client = await ApiSession.SignInAsync(Factory.CreateClient, name, ApiSession.UserPassword);
        client.DefaultRequestHeaders.Add("X-Test-User", name);
        return client;
    }

    public async Task<WorkflowResponse> WorkflowAsync(string level = "manual", double? threshold = null, string? callbackUrl = null,
        WorkflowQueueSettings? queue = null) =>
        await ApiSession.CreateWorkflowAsync(Admin, ApiSession.Workflow(ApiSession.NewKey(), level, threshold, callbackUrl, queue));

    public async Task<HttpClient> ClientForAsync(string workflowKey)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", await ApiSession.CreateApiKeyAsync(Admin, workflowKey));
        return client;
    }

    public Task DisposeAsync()
    {
        _factory?.Dispose();
        return Task.CompletedTask;
    }
}

public static class TestItems
{
    public static IngestItemRequest Item(string externalId, string? label = "travel", double confidence = 0.9) => new(
        externalId,
        JsonSerializer.SerializeToElement(new { amount = 120.5, country = "DE", description = "Train to Berlin" }),
        label is null ? null : new PredictionInput(label, confidence, null, "m1"));

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web))!;

    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient client, string path, T body) =>
        client.PostAsJsonAsync(path, body, JsonSerializerOptions.Web);

    public static string User(this HttpClient client) => client.DefaultRequestHeaders.GetValues("X-Test-User").Single();
}
