using System.Diagnostics;
using ReviewConsole.Testing;

namespace ReviewConsole.Benchmarks.Api;

/// <summary>
/// Claim latency against the number of tasks waiting (1,000, 100,000, 1,000,000): 50 reviewers claim and label in a
/// closed loop for a few seconds on a queue that holds that many. The waiting tasks (and their items) are arranged
/// with one INSERT each, as a backlog would have left them; the claims and labels go through the Api.
/// </summary>
public static class ClaimScale
{
    private const int Reviewers = 50;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(8);

    public static async Task<int> RunAsync(ApiHost host, HttpClient admin, IReadOnlyList<HttpClient> reviewers)
    {
        Console.WriteLine();
        Console.WriteLine($"claim scale: {Reviewers} reviewers claim and label for {Duration.TotalSeconds:0} s, by tasks waiting");
        var failures = 0;
        foreach (var waiting in new[] { 1_000, 100_000, 1_000_000 })
        {
            var workflow = await ApiSession.CreateWorkflowAsync(admin, ApiSession.Workflow($"bench-scale-{waiting}", "shadow"));
            var arranged = Stopwatch.StartNew();
            await ArrangeAsync(host.ConnectionString, workflow.Key, waiting);
            var arrange = arranged.Elapsed;
            var loop = new ReviewerLoop();
            await loop.RunAsync(reviewers, workflow.Key, Stopwatch.GetTimestamp() + (long)(Duration.TotalSeconds * Stopwatch.Frequency));
            var list = loop.Claims.ToList();
            var p99 = Percentiles.Of(list, 0.99);
            var passed = p99 <= 30 && loop.Doubles == 0;
            Console.WriteLine($"  {waiting,9:N0} waiting (arranged in {arrange.TotalSeconds:0.0} s): claim {Percentiles.Describe(list)}; " +
                              $"double assignments {loop.Doubles} -> {(passed ? "PASS" : "FAIL")} (target p99 <= 30 ms)");
            failures += passed ? 0 : 1;
        }
        return failures;
    }

    private static Task ArrangeAsync(string connectionString, string workflowKey, int count) => ReviewerLoop.ArrangeAsync(connectionString, """
            WITH w AS (SELECT id FROM workflows WHERE key = @key),
            i AS (
                INSERT INTO items (workflow_id, external_id, features, received_at, occurred_at, route, status)
                SELECT w.id, 'scale-' || g, jsonb_build_object('amount', g % 5000, 'country', 'DE', 'description', 'Train tickets'),
                       now() - make_interval(secs => @count - g), now() - make_interval(secs => @count - g), 'review', 'pending'
                FROM w, generate_series(1, @count) AS g
                RETURNING id, workflow_id, received_at)
            INSERT INTO review_tasks (item_id, workflow_id, reason, priority, show_suggestion, status, skipped_by, created_at, occurred_at)
            SELECT id, workflow_id, 'shadow', 0, false, 'waiting', '{}', received_at, received_at FROM i;
            ANALYZE items; ANALYZE review_tasks;
            """, workflowKey, count);
}
