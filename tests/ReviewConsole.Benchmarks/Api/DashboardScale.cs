using System.Diagnostics;
using Npgsql;
using ReviewConsole.Testing;

namespace ReviewConsole.Benchmarks.Api;

/// <summary>
/// The manager's reads against items stored (100,000, 1,000,000, 5,000,000 in one workflow, spread over 90 days, a
/// fifth of them labelled by reviewers): the workflows list with its stats, and the dashboard over 24 hours and 90
/// days. Items, labels and their hourly rollups are arranged with one INSERT each, as months of traffic would have
/// left them; the reads go through the Api, five times each.
/// </summary>
public static class DashboardScale
{
    public static async Task<int> RunAsync(ApiHost host, HttpClient admin)
    {
        Console.WriteLine();
        Console.WriteLine("dashboard scale: the manager's reads by items stored (median and max of 5)");
        var failures = 0;
        foreach (var stored in new[] { 100_000, 1_000_000, 5_000_000 })
        {
            var workflow = await ApiSession.CreateWorkflowAsync(admin, ApiSession.Workflow($"bench-dash-{stored}", "partial", threshold: 0.9));
            var arranged = Stopwatch.StartNew();
            await ArrangeAsync(host.ConnectionString, workflow.Key, stored);
            Console.WriteLine($"  {stored,9:N0} items (arranged in {arranged.Elapsed.TotalSeconds:0} s):");
            var now = DateTimeOffset.UtcNow;
            string At(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));
            foreach (var (name, path) in new[]
                     {
                         ("workflows list with stats", "/api/v1/workflows"),
                         ("dashboard, last 24 hours", $"/api/v1/workflows/{workflow.Key}/dashboard?from={At(now.AddDays(-1))}&to={At(now)}"),
                         ("dashboard, last 90 days", $"/api/v1/workflows/{workflow.Key}/dashboard?from={At(now.AddDays(-90))}&to={At(now)}"),
                     })
            {
                var times = new List<double>();
                for (var i = 0; i < 6; i++)
                {
                    var sent = Stopwatch.GetTimestamp();
                    (await admin.GetAsync(path)).EnsureSuccessStatusCode();
                    if (i > 0)
                        times.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }
                times.Sort();
                var passed = times[^1] <= 200;
                Console.WriteLine($"    {name,-28} median {times[times.Count / 2],7:N1} ms, max {times[^1],7:N1} ms -> {(passed ? "PASS" : "FAIL")} (target <= 200 ms)");
                failures += passed ? 0 : 1;
            }
        }
        return failures;
    }

    private static Task ArrangeAsync(string connectionString, string workflowKey, int count) => ReviewerLoop.ArrangeAsync(connectionString, """
            WITH w AS (SELECT id FROM workflows WHERE key = @key),
            i AS (
                INSERT INTO items (workflow_id, external_id, features, received_at, occurred_at, route, status, decision_label, decision_source, decided_at)
                SELECT w.id, 'dash-' || g, jsonb_build_object('amount', g % 5000, 'country', 'DE', 'description', 'Train tickets'),
                       t, t, CASE WHEN g % 5 = 0 THEN 'review' ELSE 'auto' END, 'decided', 'travel',
                       CASE WHEN g % 5 = 0 THEN 'human' ELSE 'model' END, t
                FROM w, generate_series(1, @count) AS g, LATERAL (SELECT now() - make_interval(secs => (@count - g) * 7776000.0 / @count) AS t) times
                RETURNING id, workflow_id, received_at, route)
            INSERT INTO review_tasks (item_id, workflow_id, reason, priority, show_suggestion, model_label, model_confidence, model_version, status,
                                      skipped_by, label, labeled_by, labeled_at, created_at, occurred_at)
            SELECT id, workflow_id, 'low_confidence', 0, true, 'travel', 0.7, 'bench-model', 'done', '{}',
                   CASE WHEN id % 10 = 0 THEN 'office' ELSE 'travel' END, 'bench', received_at, received_at, received_at
            FROM i WHERE route = 'review';
            INSERT INTO workflow_hourly AS h (workflow_id, bucket, level, model_version, items_received, auto_decided, human_decided, tasks_created,
                                              tasks_done, compared, agreed, audits, audits_agreed, decision_latency)
            SELECT i.workflow_id, date_trunc('hour', i.received_at), 'partial', 'bench-model', count(*), count(*) FILTER (WHERE i.route = 'auto'),
                   count(*) FILTER (WHERE i.route = 'review'), count(*) FILTER (WHERE i.route = 'review'), count(*) FILTER (WHERE i.route = 'review'),
                   count(*) FILTER (WHERE i.route = 'review'), count(*) FILTER (WHERE i.route = 'review' AND i.id % 10 <> 0), 0, 0, '{}'
            FROM items i JOIN workflows w ON w.id = i.workflow_id WHERE w.key = @key
            GROUP BY 1, 2;
            ANALYZE items; ANALYZE review_tasks; ANALYZE workflow_hourly;
            """, workflowKey, count);
}
