using System.Net.Http.Json;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Models;
using System.Text.Json;
using ReviewConsole.Contracts.Review;

namespace ReviewConsole.Demo;

/// <summary>A model client posting invoices at a steady rate with its API key, pausing while the backlog is full.</summary>
public sealed class TrafficSimulator(HttpClient client, HttpClient people, DemoOptions options, DemoControl? control = null, int? seed = null)
{
    private readonly InvoiceGenerator _generator = new(seed ?? Environment.TickCount);
    private bool _builtInChampion;

    /// <summary>Once an ML lead makes a built-in model the champion, the simulated external model steps aside.</summary>
    private async Task FollowChampionAsync(CancellationToken ct)
    {
        var models = await people.GetFromJsonAsync<List<ModelSummaryResponse>>($"api/v1/workflows/{DemoSeeder.WorkflowKey}/models", JsonSerializerOptions.Web, ct);
        var builtIn = models?.Any(m => m.Alias == ModelAliases.Champion && m.Kind == ModelKinds.BuiltIn) == true;
        if (builtIn != _builtInChampion)
            Console.WriteLine(builtIn
                ? "demo: a built-in model is champion; items are now posted without predictions and scored in-process"
                : "demo: the champion is external again; posting the simulated model's predictions");
        _builtInChampion = builtIn;
    }

    /// <summary>How far back the backfilled history reaches: it is the drift panel's reference from the first minute.</summary>
    public static readonly TimeSpan History = TimeSpan.FromHours(24);

    /// <summary>
    /// A history to start from: items of the past day (their occurredAt spread evenly over it, oldest first) that the
    /// (simulated) reviewers labelled before the newcomer arrived.
    /// </summary>
    public async Task BackfillAsync(int count, SimulatedReviewer reviewer, DateTimeOffset now, CancellationToken ct)
    {
        var run = now.ToString("MMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var items = Enumerable.Range(1, count)
            .Select(i => _generator.Next($"HIST-{run}-{i:D4}") with { OccurredAt = now - History + History * (i - 0.5) / count - TimeSpan.FromMinutes(1) })
            .ToList();
        var response = await client.PostAsJsonAsync($"api/v1/workflows/{DemoSeeder.WorkflowKey}/items:batch",
            new BatchIngestRequest(items), JsonSerializerOptions.Web, ct);
        response.EnsureSuccessStatusCode();
        while (await reviewer.LabelOneAsync(ct))
        {
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var interval = TimeSpan.FromSeconds(1 / Math.Max(options.Rate, 0.01));
        // Unique across runs, short enough to read aloud.
        var run = DateTime.UtcNow.ToString("MMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var sent = 0;
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                var queue = await people.GetFromJsonAsync<QueueSnapshot>($"api/v1/workflows/{DemoSeeder.WorkflowKey}/queue", JsonSerializerOptions.Web, ct);
                if (queue is not null && queue.Waiting >= options.MaxBacklog)
                    continue;
                if (sent % 10 == 0)
                    await FollowChampionAsync(ct);
                var item = _generator.Next($"INV-{run}-{++sent:D4}", drifted: control?.Drifting == true, control?.Next ?? NextModel.Off);
                // A built-in champion scores in-process; the second external version keeps being sent for its rollout.
                if (_builtInChampion)
                    item = item with { Prediction = null, Predictions = item.Predictions?.Where(p => p?.ModelVersion == InvoiceGenerator.NextModelVersion).ToList() };
                var response = await client.PostAsJsonAsync($"api/v1/workflows/{DemoSeeder.WorkflowKey}/items", item, JsonSerializerOptions.Web, ct);
                if (!response.IsSuccessStatusCode)
                    Console.Error.WriteLine($"demo: ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }
            catch (HttpRequestException ex)
            {
                Console.Error.WriteLine($"demo: console unreachable ({ex.Message}); retrying");
            }
        }
    }
}
