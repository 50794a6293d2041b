using System.Net.Http.Headers;
using ReviewConsole.Demo;

var options = DemoOptions.Parse(args);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

using var people = new HttpClient { BaseAddress = options.Api };
var apiKey = await new DemoSeeder(people).SeedAsync(options.AdminUser, options.AdminPassword, cancel.Token);
Console.WriteLine($"demo: workflow '{DemoSeeder.WorkflowKey}' ready; users {string.Join(", ", DemoSeeder.Users.Select(u => u.User))} (password {DemoSeeder.DemoPassword})");
if (options.SeedOnly)
    return;

using var client = new HttpClient { BaseAddress = options.Api };
client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
Console.WriteLine($"demo: posting about {options.Rate} items/s through the public API (backlog capped at {options.MaxBacklog})");
try
{
    await new TrafficSimulator(client, people, options).RunAsync(cancel.Token);
}
catch (OperationCanceledException)
{
}
