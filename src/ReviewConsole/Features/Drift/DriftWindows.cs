using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReviewConsole.Infrastructure;
using ReviewConsole.Data;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Drift;

/// <summary>
/// The windows a drift request asks for, over event time. Current: currentFrom–currentTo, or the last
/// <see cref="CurrentItems"/> items before currentTo, else the monitor's span (the last hour by default). Reference:
/// referenceFrom–referenceTo, else the first of the champion's training window, the 7 days before the current window
/// and the workflow's earliest day that holds enough items (see <see cref="DriftWindowResolver"/>).
/// </summary>
public sealed record DriftWindowQuery(
    DateTimeOffset? ReferenceFrom = null,
    DateTimeOffset? ReferenceTo = null,
    DateTimeOffset? CurrentFrom = null,
    DateTimeOffset? CurrentTo = null,
    long? CurrentItems = null);

/// <summary>Where a reference came from (the wire names of <see cref="ReferenceChoice.Basis"/>).</summary>
public static class ReferenceBases
{
    public const string Requested = "requested";
    public const string ChampionTraining = "champion-training";
    public const string PrecedingDays = "preceding-7-days";
    public const string EarliestItems = "earliest-items";
}

/// <summary>The reference a report compares with, how many items it holds against the minimum, and why it was chosen.</summary>
public sealed record ReferenceChoice(string Basis, long Items, long Minimum, string Why)
{
    public bool Enough => Items >= Minimum;
}

/// <summary>Both windows resolved to whole profile buckets, with the current window's item count and the reference's choice.</summary>
public sealed record DriftWindows(DateTimeOffset ReferenceStart, DateTimeOffset ReferenceEnd, DateTimeOffset CurrentStart, DateTimeOffset CurrentEnd,
    long CurrentItems, ReferenceChoice Reference);

public sealed class DriftWindowResolver(TimeProvider time, IOptions<DriftOptions> options)
{
    public static readonly TimeSpan PrecedingSpan = TimeSpan.FromDays(7);
    public static readonly TimeSpan EarliestSpan = TimeSpan.FromDays(1);
    public const long MinimumItems = 100;
    public const long MaximumItems = 10_000_000;

    public TimeSpan Bucket => TimeSpan.FromSeconds(Math.Max(1, options.Value.BucketSeconds));

    public DateTimeOffset Now => time.GetUtcNow();

    public TimeSpan DefaultCurrent => TimeSpan.FromMinutes(Math.Max(1, options.Value.MonitorMinutes));

    public FieldErrors Validate(DriftWindowQuery query)
    {
        var errors = new FieldErrors();
        PlausibleTime.Check(errors, "referenceFrom", query.ReferenceFrom);
        PlausibleTime.Check(errors, "referenceTo", query.ReferenceTo);
        PlausibleTime.Check(errors, "currentFrom", query.CurrentFrom);
        PlausibleTime.Check(errors, "currentTo", query.CurrentTo);
        if (errors.HasErrors)
            return errors;
        errors.Require(query.CurrentItems is null || query.CurrentFrom is null, "currentItems", "Give either currentItems or currentFrom, not both.");
        errors.Require(query.CurrentItems is null or (>= MinimumItems and <= MaximumItems), "currentItems",
            $"Between {MinimumItems:N0} and {MaximumItems:N0} items.");
        errors.Require(query.ReferenceFrom is null == query.ReferenceTo is null, query.ReferenceFrom is null ? "referenceFrom" : "referenceTo",
            "Give referenceFrom and referenceTo together (or neither, for the default reference).");
        errors.Require(query is not { ReferenceFrom: { } rf, ReferenceTo: { } rt } || rf < rt, "referenceFrom", "The reference window must start before it ends.");
        errors.Require(query is not { CurrentFrom: { } cf } || cf < (query.CurrentTo ?? time.GetUtcNow()), "currentFrom",
            "The current window must start before it ends.");
        return errors;
    }

    /// <summary>
    /// Resolves a query that <see cref="Validate"/> accepted: starts round down and ends round up to whole profile buckets
    /// (so a window holds every item of the buckets it touches), then the reference is chosen.
    /// </summary>
    public async Task<DriftWindows> ResolveAsync(ReviewDbContext db, Workflow workflow, DriftWindowQuery query, CancellationToken ct)
    {
        var currentEnd = Ceiling(query.CurrentTo ?? time.GetUtcNow());
        var currentStart = query.CurrentFrom is { } from
            ? Floor(from)
            : (query.CurrentItems is { } items ? await StartOfLastItemsAsync(db, workflow.Id, items, currentEnd, ct) : null)
              ?? Floor(currentEnd - DefaultCurrent);
        var currentItems = await ItemsAsync(db, workflow.Id, currentStart, currentEnd, ct);
        var minimum = Math.Max(1, Math.Min(options.Value.MinimumReferenceItems, currentItems));

        if (query is { ReferenceFrom: { } referenceFrom, ReferenceTo: { } referenceTo })
        {
            var (start, end) = (Floor(referenceFrom), Ceiling(referenceTo));
            var held = await ItemsAsync(db, workflow.Id, start, end, ct);
            var why = held >= minimum
                ? $"The reference asked for holds {N(held)} items ({N(minimum)} needed)."
                : $"Not enough reference yet: the reference asked for holds {N(held)} items; {Needed(minimum, currentItems)}. Pick a longer reference window.";
            return new DriftWindows(start, end, currentStart, currentEnd, currentItems, new ReferenceChoice(ReferenceBases.Requested, held, minimum, why));
        }
        var (window, choice) = await DefaultReferenceAsync(db, workflow, currentStart, currentItems, minimum, ct);
        return new DriftWindows(window.Start, window.End, currentStart, currentEnd, currentItems, choice);
    }

    private sealed record Candidate(string Basis, DateTimeOffset Start, DateTimeOffset End, long Items, string Says);

    /// <summary>
    /// The default reference: the built-in champion's training window (up to the current window) if it holds the minimum;
    /// else the 7 days before the current window if they do; else the workflow's earliest items, from its first bucket
    /// for as long as it takes to hold the minimum (up to a day, and never into the current window). When none holds
    /// it, the fullest of them, marked not enough.
    /// </summary>
    private async Task<((DateTimeOffset Start, DateTimeOffset End) Window, ReferenceChoice Choice)> DefaultReferenceAsync(
        ReviewDbContext db, Workflow workflow, DateTimeOffset currentStart, long currentItems, long minimum, CancellationToken ct)
    {
        var candidates = new List<Candidate>();
        if (await DriftReports.ChampionWindowAsync(db, workflow, ct) is { } champion)
        {
            var (start, end) = (Floor(champion.From), Min(Ceiling(champion.To), currentStart));
            var held = start < end ? await ItemsAsync(db, workflow.Id, start, end, ct) : 0;
            candidates.Add(new Candidate(ReferenceBases.ChampionTraining, start, Max(start, end), held,
                $"the built-in champion {champion.Version}'s training window{(start < end ? "" : ", which lies inside the current window,")} holds {N(held)} items"));
        }
        if (!candidates.Any(c => c.Items >= minimum))
        {
            var held = await ItemsAsync(db, workflow.Id, currentStart - PrecedingSpan, currentStart, ct);
            candidates.Add(new Candidate(ReferenceBases.PrecedingDays, currentStart - PrecedingSpan, currentStart, held, $"the 7 days before the current window hold {N(held)} items"));
        }
        if (!candidates.Any(c => c.Items >= minimum))
            candidates.Add(await EarliestAsync(db, workflow.Id, currentStart, minimum, ct));

        var chosen = candidates.FirstOrDefault(c => c.Items >= minimum) ?? candidates.MaxBy(c => c.Items)!;
        var passedOver = candidates.TakeWhile(c => c != chosen).Select(c => c.Says).ToList();
        var why = chosen.Items >= minimum
            ? Sentence(passedOver.Count == 0
                ? $"{chosen.Says} ({N(minimum)} needed): they are the reference"
                : $"{string.Join("; ", passedOver)}, fewer than the {N(minimum)} needed; {chosen.Says}: they are the reference")
            : Sentence($"Not enough reference yet: {string.Join("; ", candidates.Select(c => c.Says))}; {Needed(minimum, currentItems)}") +
              " Backfill history with occurredAt, pick a reference window, or wait for more items.";
        return ((chosen.Start, chosen.End), new ReferenceChoice(chosen.Basis, chosen.Items, minimum, why));
    }

    private sealed record Running(DateTimeOffset Bucket, long Total);

    /// <summary>The workflow's first items, from its first bucket until they hold <paramref name="minimum"/> (or a day, or the current window, passes).</summary>
    private async Task<Candidate> EarliestAsync(ReviewDbContext db, int workflowId, DateTimeOffset currentStart, long minimum, CancellationToken ct)
    {
        var first = await db.Database.SqlQuery<DateTimeOffset?>(
            $"SELECT min(bucket) AS \"Value\" FROM feature_profiles WHERE workflow_id = {workflowId}").SingleAsync(ct);
        var nothing = new Candidate(ReferenceBases.EarliestItems, currentStart, currentStart, 0, "nothing of the workflow happened before the current window");
        if (first is not { } start || start >= currentStart)
            return nothing;
        var limit = Min(start + EarliestSpan, currentStart);
        var running = await db.Database.SqlQuery<Running>($"""
            SELECT bucket AS "Bucket", sum(n) OVER (ORDER BY bucket) AS "Total"
            FROM (SELECT bucket, max(items) AS n FROM feature_profiles
                  WHERE workflow_id = {workflowId} AND bucket >= {start} AND bucket < {limit} GROUP BY bucket) per_bucket
            ORDER BY bucket
            """).ToListAsync(ct);
        var reached = running.FirstOrDefault(r => r.Total >= minimum) ?? running.LastOrDefault();
        if (reached is null)
            return nothing;
        var end = reached.Total >= minimum ? reached.Bucket + Bucket : limit;
        var span = end - start;
        return new Candidate(ReferenceBases.EarliestItems, start, end, reached.Total,
            $"the workflow's earliest {(span >= TimeSpan.FromHours(1) ? $"{span.TotalHours:0.#} hours" : $"{span.TotalMinutes:0} minutes")} hold {N(reached.Total)} items");
    }

    private static string Needed(long minimum, long currentItems) =>
        $"a reference needs {N(minimum)} (the smaller of the configured minimum and the current window's {N(currentItems)} items)";

    private static string Sentence(string text) => char.ToUpperInvariant(text[0]) + text[1..] + ".";

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private DateTimeOffset Floor(DateTimeOffset t) => new(t.UtcTicks / Bucket.Ticks * Bucket.Ticks, TimeSpan.Zero);

    private DateTimeOffset Ceiling(DateTimeOffset t) => Floor(t) == t ? t.ToUniversalTime() : Floor(t) + Bucket;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>Items profiled in a window: every item is counted once per feature, so the largest feature total.</summary>
    private static Task<long> ItemsAsync(ReviewDbContext db, int workflowId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        db.Database.SqlQuery<long>($"""
            SELECT coalesce(max(n), 0)::bigint AS "Value"
            FROM (SELECT sum(items) AS n FROM feature_profiles WHERE workflow_id = {workflowId} AND bucket >= {from} AND bucket < {to} GROUP BY feature) per_feature
            """).SingleAsync(ct);

    /// <summary>
    /// The start of the newest profile bucket from which at least <paramref name="items"/> items reach up to
    /// <paramref name="end"/>; the oldest bucket when all of history holds fewer; null when nothing is profiled.
    /// </summary>
    private static async Task<DateTimeOffset?> StartOfLastItemsAsync(ReviewDbContext db, int workflowId, long items, DateTimeOffset end, CancellationToken ct)
    {
        return await db.Database.SqlQuery<DateTimeOffset?>($"""
            SELECT coalesce(
                (SELECT bucket FROM (SELECT bucket, sum(n) OVER (ORDER BY bucket DESC) AS running
                                     FROM (SELECT bucket, max(items) AS n FROM feature_profiles
                                           WHERE workflow_id = {workflowId} AND bucket < {end} GROUP BY bucket) per_bucket) totals
                 WHERE running >= {items} ORDER BY bucket DESC LIMIT 1),
                (SELECT min(bucket) FROM feature_profiles WHERE workflow_id = {workflowId} AND bucket < {end})) AS "Value"
            """).SingleAsync(ct);
    }
}
