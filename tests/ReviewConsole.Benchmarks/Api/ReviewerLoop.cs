using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using ReviewConsole.Contracts.Review;

namespace ReviewConsole.Benchmarks.Api;

/// <summary>What concurrent reviewers saw: every claim's latency, and the tasks two of them got or whose label failed.</summary>
public sealed class ReviewerLoop
{
    private readonly ConcurrentDictionary<long, bool> _owners = new();
    private int _doubles;
    private int _lost;

    public ConcurrentBag<double> Claims { get; } = [];
    public int Doubles => _doubles;
    public int Lost => _lost;

    /// <summary>Every reviewer claims and labels back to back until the queue is empty or <paramref name="until"/> passes.</summary>
    public Task RunAsync(IEnumerable<HttpClient> reviewers, string workflowKey, long until = long.MaxValue) =>
        Task.WhenAll(reviewers.Select(reviewer => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                var sent = Stopwatch.GetTimestamp();
                var response = await reviewer.PostAsync($"/api/v1/workflows/{workflowKey}/tasks:claim", null);
                Claims.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                if (response.StatusCode == HttpStatusCode.NoContent)
                    return;
                var task = (await response.Content.ReadFromJsonAsync<ClaimResponse>(JsonSerializerOptions.Web))!;
                if (!_owners.TryAdd(task.TaskId, true))
                    Interlocked.Increment(ref _doubles);
                var label = await reviewer.PostAsJsonAsync($"/api/v1/tasks/{task.TaskId}/label", new LabelRequest("travel", task.LeaseToken),
                    JsonSerializerOptions.Web);
                if (!label.IsSuccessStatusCode)
                    Interlocked.Increment(ref _lost);
            }
        })));

    /// <summary>Arranges a benchmark's backlog with one batch of SQL (parameters @key, the workflow, and @count).</summary>
    public static async Task ArrangeAsync(string connectionString, string sql, string workflowKey, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 1800 };
        command.Parameters.AddWithValue("key", workflowKey);
        command.Parameters.AddWithValue("count", count);
        await command.ExecuteNonQueryAsync();
    }
}
