using System.Net;
using System.Text.Json;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Review;

namespace ReviewConsole.Tests.Automation;

/// <summary>
/// A model client and honest reviewers: half the items get a confident, correct prediction
/// (0.97-0.995); the rest a middling one (0.5-0.9) that is right 75% of the time.
/// </summary>
public sealed class SimulatedStream(HttpClient client, HttpClient reviewer, string workflow, int seed)
{
    private static readonly string[] Labels = ["travel", "software", "office"];
    private static readonly string[] Countries = ["DE", "FR", "NL"];
    private readonly Random _random = new(seed);
    private readonly Dictionary<string, string> _truth = [];
    private readonly Dictionary<string, string> _model = [];
    private int _next;

    public async Task<List<IngestItemResponse>> PostAsync(int count, bool confident = false)
    {
        var items = new List<IngestItemRequest>();
        for (var i = 0; i < count; i++)
        {
            var id = $"s-{seed}-{_next++}";
            var truth = Labels[_random.Next(Labels.Length)];
            _truth[id] = truth;
            var high = confident || _random.NextDouble() < 0.5;
            var right = high || _random.NextDouble() < 0.75;
            var label = right ? truth : Labels.First(l => l != truth);
            _model[id] = label;
            var confidence = high ? 0.97 + _random.NextDouble() * 0.025 : 0.5 + _random.NextDouble() * 0.4;
            items.Add(new IngestItemRequest(id,
                JsonSerializer.SerializeToElement(new { amount = _random.Next(10, 5000), country = Countries[_random.Next(Countries.Length)] }),
                new PredictionInput(label, confidence, null, "m-1")));
        }
        var response = await client.PostJsonAsync($"/api/v1/workflows/{workflow}/items:batch", new BatchIngestRequest(items));
        response.EnsureSuccessStatusCode();
        return [.. (await response.ReadAsync<BatchIngestResponse>()).Results];
    }

    /// <summary>A label the model did not give this item: what auditors answer when the model has collapsed.</summary>
    public string Disagreeing(string externalId) => Labels.First(l => l != _model[externalId]);

    /// <summary>Claims and labels until the queue is empty; <paramref name="label"/> may answer instead of the truth (null: the truth).</summary>
    public async Task<int> ReviewAllAsync(Func<ClaimResponse, string?>? label = null)
    {
        var done = 0;
        while (true)
        {
            var claim = await reviewer.PostAsync($"/api/v1/workflows/{workflow}/tasks:claim", null);
            if (claim.StatusCode == HttpStatusCode.NoContent)
                return done;
            var task = await claim.ReadAsync<ClaimResponse>();
            var answer = label?.Invoke(task) ?? _truth[task.Item.ExternalId];
            var labelled = await reviewer.PostJsonAsync($"/api/v1/tasks/{task.TaskId}/label", new LabelRequest(answer, task.LeaseToken));
            labelled.EnsureSuccessStatusCode();
            done++;
        }
    }
}
