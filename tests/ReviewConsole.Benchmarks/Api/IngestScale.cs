using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Testing;

namespace ReviewConsole.Benchmarks.Api;

/// <summary>
/// Ingest throughput against batch size (1, 10, 100, 1,000, 10,000 items a request): eight clients post batches back
/// to back for five seconds at the partial level with external predictions, so a user sees how the per-request cost
/// spreads over a batch.
/// </summary>
public static class IngestScale
{
    private const int Clients = 8;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(ApiHost host, HttpClient admin, Func<Random, string, IngestItemRequest> item)
    {
        Console.WriteLine();
        Console.WriteLine($"ingest scale: {Clients} clients post batches back to back for {Duration.TotalSeconds:0} s, by batch size");
        foreach (var size in new[] { 1, 10, 100, 1_000, 10_000 })
        {
            var workflow = await ApiSession.CreateWorkflowAsync(admin, ApiSession.Workflow($"bench-batch-{size}", "partial", threshold: 0.9));
            using var client = host.Client();
            client.DefaultRequestHeaders.Add("X-Api-Key", await ApiSession.CreateApiKeyAsync(admin, workflow.Key));
            long posted = 0;
            var until = Stopwatch.GetTimestamp() + (long)(Duration.TotalSeconds * Stopwatch.Frequency);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
            {
                var random = new Random(c);
                for (var batch = 0; Stopwatch.GetTimestamp() < until; batch++)
                {
                    var items = Enumerable.Range(0, size).Select(i => item(random, $"c{c}-b{batch}-{i}")).ToList();
                    var response = size == 1
                        ? await client.PostAsJsonAsync($"/api/v1/workflows/{workflow.Key}/items", items[0], JsonSerializerOptions.Web)
                        : await client.PostAsJsonAsync($"/api/v1/workflows/{workflow.Key}/items:batch", new BatchIngestRequest(items), JsonSerializerOptions.Web);
                    response.EnsureSuccessStatusCode();
                    Interlocked.Add(ref posted, size);
                }
            })));
            Console.WriteLine($"  {size,6:N0} a request: {posted / clock.Elapsed.TotalSeconds,9:N0} items/s ({posted:N0} items in {clock.Elapsed.TotalSeconds:0.0} s)");
        }
    }
}
