using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ReviewConsole.Features.Observability;

/// <summary>
/// The console's product metrics (meter "ReviewConsole"): what was ingested and how it was routed, claim and label
/// latency, lease expiries, webhook outcomes; and, as gauges over the last sample (<see cref="MetricsSampler"/>),
/// queue depth and oldest waiting age, webhook backlog, drift severity and running rollouts per workflow.
/// </summary>
public sealed class ConsoleMetrics
{
    public const string MeterName = "ReviewConsole";

    private readonly Counter<long> _ingested;
    private readonly Histogram<double> _claim;
    private readonly Histogram<double> _label;
    private readonly Counter<long> _leaseExpiries;
    private readonly Counter<long> _webhooks;
    private readonly ConcurrentDictionary<string, int> _drift = new(StringComparer.Ordinal);

    /// <summary>The sampler's latest reading, swapped whole so a scrape never sees half of one.</summary>
    public MetricsSample Sample { get; set; } = MetricsSample.Empty;

    public ConsoleMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _ingested = meter.CreateCounter<long>("reviewconsole.items.ingested", "{item}", "Items stored, by workflow and route (auto or review).");
        _claim = meter.CreateHistogram<double>("reviewconsole.review.claim.duration", "ms", "Time to claim the next task (reviewer's lease and item).");
        _label = meter.CreateHistogram<double>("reviewconsole.review.label.duration", "ms", "Time to store a label and decide the item.");
        _leaseExpiries = meter.CreateCounter<long>("reviewconsole.review.lease.expiries", "{lease}", "Leases that expired and were claimed by someone else.");
        _webhooks = meter.CreateCounter<long>("reviewconsole.webhooks.attempts", "{attempt}", "Webhook delivery attempts, by outcome (delivered, retrying, failed).");
        meter.CreateObservableGauge("reviewconsole.queue.depth", () => Sample.Queues.Select(q => new Measurement<long>(q.Waiting, Workflow(q.Workflow))),
            "{task}", "Tasks waiting for or in review, per workflow.");
        meter.CreateObservableGauge("reviewconsole.queue.oldest_waiting_age", () => Sample.Queues.Select(q => new Measurement<double>(q.OldestSeconds, Workflow(q.Workflow))),
            "s", "Age of the oldest waiting task, per workflow (0 when none waits).");
        meter.CreateObservableGauge("reviewconsole.webhooks.backlog", () => new Measurement<long>(Sample.WebhookBacklog),
            "{delivery}", "Webhook deliveries not yet delivered or given up.");
        meter.CreateObservableGauge("reviewconsole.drift.severity", () => _drift.Select(d => new Measurement<int>(d.Value, Workflow(d.Key))),
            "{severity}", "The monitor's last overall drift severity per workflow: -1 not enough reference, 0 none, 1 moderate, 2 major.");
        meter.CreateObservableGauge("reviewconsole.rollout.step", () => Sample.Rollouts.Select(r => new Measurement<int>(r.Step,
                Workflow(r.Workflow), new KeyValuePair<string, object?>("strategy", r.Strategy), new KeyValuePair<string, object?>("status", r.Status))),
            "{step}", "Rollouts not yet ended, by workflow, strategy and status: the step they are at (0 is the first).");
    }

    private static KeyValuePair<string, object?> Workflow(string key) => new("workflow", key);

    public void Ingested(string workflow, int auto, int review)
    {
        if (auto > 0)
            _ingested.Add(auto, Workflow(workflow), new KeyValuePair<string, object?>("route", "auto"));
        if (review > 0)
            _ingested.Add(review, Workflow(workflow), new KeyValuePair<string, object?>("route", "review"));
    }

    public void Claimed(string workflow, TimeSpan elapsed, bool tookExpiredLease)
    {
        _claim.Record(elapsed.TotalMilliseconds, Workflow(workflow));
        if (tookExpiredLease)
            _leaseExpiries.Add(1, Workflow(workflow));
    }

    public void Labelled(string workflow, TimeSpan elapsed) => _label.Record(elapsed.TotalMilliseconds, Workflow(workflow));

    public void WebhookAttempt(string outcome) => _webhooks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void DriftSeverity(string workflow, int severity) => _drift[workflow] = severity;

    /// <summary>Elapsed time of a block, for the latency histograms.</summary>
    public static long Start() => Stopwatch.GetTimestamp();
}

public sealed record QueueSample(string Workflow, long Waiting, double OldestSeconds);

public sealed record RolloutSample(string Workflow, string Strategy, string Status, int Step);

public sealed record MetricsSample(IReadOnlyList<QueueSample> Queues, long WebhookBacklog, IReadOnlyList<RolloutSample> Rollouts)
{
    public static MetricsSample Empty { get; } = new([], 0, []);
}
