using System.Collections.Concurrent;
using ReviewConsole.Demo;

var options = DemoOptions.Parse(args);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

// People's clients keep their short-lived bearer tokens fresh for as long as the demo runs.
using var people = BearerSession.Client(options.Api, options.AdminUser, options.AdminPassword);
var seeder = new DemoSeeder(people);
var (apiKey, firstRun) = await seeder.SeedAsync(cancel.Token);
Console.WriteLine($"demo: workflow '{DemoSeeder.WorkflowKey}' ready; users {string.Join(", ", DemoSeeder.Users.Select(u => u.User))} (password {DemoSeeder.DemoPassword})");
if (options.SeedOnly)
    return;

using var client = new HttpClient { BaseAddress = options.Api };
client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
var botSession = new BearerSession(options.Api, SimulatedReviewer.User, DemoSeeder.DemoPassword);
using var botClient = new HttpClient(botSession) { BaseAddress = options.Api };
await using var work = new WorkSignal();
await work.ConnectAsync(options.Api, () => botSession.AccessTokenAsync(cancel.Token), cancel.Token);
using var control = options.ControlPort is { } port ? new DemoControl(port) : null;
control?.Start(cancel.Token);
var simulator = new TrafficSimulator(client, people, options, control);
var bot = new SimulatedReviewer(botClient);
try
{
    if (firstRun && options.Backfill > 0)
    {
        Console.WriteLine($"demo: backfilling {options.Backfill} labelled items so the ladder has evidence to show");
        await simulator.BackfillAsync(options.Backfill, bot, DateTimeOffset.UtcNow, cancel.Token);
        await seeder.NameChampionAsync(InvoiceGenerator.ModelVersion, cancel.Token);
    }
    Console.WriteLine($"demo: posting about {options.Rate} items/s through the public API (backlog capped at {options.MaxBacklog}); " +
                      $"{SimulatedReviewer.User} labels about {options.BotRate}/s");
    await Task.WhenAll(simulator.RunAsync(cancel.Token), bot.RunAsync(options.BotRate, work, cancel.Token));
}
catch (OperationCanceledException)
{
}

