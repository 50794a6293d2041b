extern alias demo;
using System.Net.Http.Json;
using System.Text.Json;
using demo::ReviewConsole.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Contracts.Drift;
using ReviewConsole.Features.Drift;
using ReviewConsole.Contracts.Review;
using ReviewConsole.Testing;
using Xunit.Abstractions;

namespace ReviewConsole.Tests.Drift;

/// <summary>
/// The demo's promise, on accelerated time: on a fresh install, with the demo's own seeder, backfill, traffic and
/// reviewer at their real paces, "inject drift" is followed within ten minutes by a drift alert and an agreement alert
/// from the monitor. The clock is a <see cref="FakeTimeProvider"/> moved a second at a time, so ten minutes take seconds.
/// </summary>
public sealed class DemoDriftTimelineTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private WebApplicationFactory<Program> _factory = default!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        var database = _database = await TestPostgres.CreateDatabaseAsync("rc_demo");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:ReviewConsole", database)
            .UseSetting("Bootstrap:AdminUser", ApiSession.AdminUser)
            .UseSetting("Bootstrap:AdminPassword", ApiSession.AdminPassword)
            .UseSetting("Auth:LoginAttemptsPerClient", "100000")
            // The demo's settings (scripts/run.sh): one-minute profile buckets, the monitor over the last ten minutes.
            .UseSetting("Drift:BucketSeconds", "60")
            .UseSetting("Drift:MonitorMinutes", "10")
            .ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_clock)));
        _ = _factory.Server;
        await Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task InjectedDriftIsAlertedWithinTenMinutesOnAFreshInstall()
    {
        var ct = CancellationToken.None;
        var admin = await ApiSession.SignInAsync(_factory.CreateClient, ApiSession.AdminUser, ApiSession.AdminPassword);
        var seeder = new DemoSeeder(admin);
        var (apiKey, firstRun) = await seeder.SeedAsync(ct);
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var bot = new SimulatedReviewer(await ApiSession.SignInAsync(_factory.CreateClient, SimulatedReviewer.User, DemoSeeder.DemoPassword));
        var options = DemoOptions.Parse(["--password", ApiSession.AdminPassword]);
        var simulator = new TrafficSimulator(client, admin, options, seed: 3);

        // What run.sh does on a first run: a labelled day of history, then the simulated model named champion.
        Assert.True(firstRun);
        await simulator.BackfillAsync(options.Backfill, bot, _clock.GetUtcNow(), ct);
        await seeder.NameChampionAsync(InvoiceGenerator.ModelVersion, ct);

        // Two minutes of normal traffic, then the newcomer presses "Demo: inject drift" and the traffic drifts.
        var generator = new InvoiceGenerator(5);
        var sent = 0;
        async Task RunAsync(TimeSpan span, bool drifted)
        {
            for (var second = 0; second < span.TotalSeconds; second++)
            {
                // The demo's paces: an invoice every 2 s unless the backlog is full; the bot labels 0.35 a second.
                if (second % 2 == 0 && (await admin.GetFromJsonAsync<QueueSnapshot>($"api/v1/workflows/{DemoSeeder.WorkflowKey}/queue",
                        JsonSerializerOptions.Web, ct))!.Waiting < options.MaxBacklog)
                    (await client.PostAsJsonAsync($"api/v1/workflows/{DemoSeeder.WorkflowKey}/items",
                        generator.Next($"INV-{++sent:D5}", drifted), JsonSerializerOptions.Web, ct)).EnsureSuccessStatusCode();
                if (second % 20 is 0 or 3 or 6 or 9 or 12 or 15 or 18)
                    await bot.LabelOneAsync(ct);
                _clock.Advance(TimeSpan.FromSeconds(1));
                // Once a minute, let the profile builder catch up with what the minute brought, as it does in real time
                // (a busy test machine must not make a fast clock outrun it).
                for (var i = 0; second % 60 == 59 && i < 50 && await TestPostgres.ScalarAsync<long>(_database, "SELECT count(*) FROM profile_queue") > 0; i++)
                    await Task.Delay(100);
            }
        }
        await RunAsync(TimeSpan.FromMinutes(2), drifted: false);
        var injected = _clock.GetUtcNow();
        await RunAsync(TimeSpan.FromMinutes(10), drifted: true);

        // The monitor's last round (at most ten minutes after the injection) may still be running: give it a few real seconds.
        List<AlertResponse> alerts = [];
        for (var i = 0; i < 50 && alerts.Select(a => a.Kind).Distinct().Count() < 2; i++, await Task.Delay(200))
            alerts = (await admin.GetFromJsonAsync<List<AlertResponse>>($"api/v1/workflows/{DemoSeeder.WorkflowKey}/alerts", JsonSerializerOptions.Web, ct))!;
        foreach (var alert in alerts.OrderBy(a => a.CreatedAt))
            output.WriteLine($"{alert.Kind} {alert.Severity} at +{(alert.CreatedAt - injected).TotalMinutes:0.0} min: {alert.Message}");

        var drift = Assert.Single(alerts, a => a.Kind == AlertKinds.Drift && a.CreatedAt == alerts.Where(x => x.Kind == AlertKinds.Drift).Min(x => x.CreatedAt));
        var agreement = Assert.Single(alerts, a => a.Kind == AlertKinds.Agreement && a.CreatedAt == alerts.Where(x => x.Kind == AlertKinds.Agreement).Min(x => x.CreatedAt));
        Assert.InRange(drift.CreatedAt - injected, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        Assert.InRange(agreement.CreatedAt - injected, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        // The new country stands out first; by ten minutes the larger amounts have drifted too.
        Assert.Contains("country", drift.Message);
        var report = (await admin.GetFromJsonAsync<DriftReportResponse>($"api/v1/workflows/{DemoSeeder.WorkflowKey}/drift", JsonSerializerOptions.Web, ct))!;
        Assert.Equal((ReferenceBases.PrecedingDays, true), (report.Reference.Basis, report.Reference.Enough));
        Assert.Contains(report.Features.Single(f => f.Feature == "amount").Severity, new[] { "moderate", "major" });
        // Nothing was alerted before the drift began: the reference (the backfilled day) was right from the first minute.
        Assert.All(alerts, a => Assert.True(a.CreatedAt >= injected, $"{a.Kind} alert before the injection: {a.Message}"));
    }
}
