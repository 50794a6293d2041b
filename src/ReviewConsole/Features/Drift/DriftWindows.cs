using Microsoft.EntityFrameworkCore;
using ReviewConsole.Infrastructure;
using ReviewConsole.Data;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Drift;

/// <summary>
/// The windows a drift request asks for. Current: currentFrom–currentTo, or the last <see cref="CurrentItems"/>
/// items before currentTo (at profile-bucket resolution), else the last hour. Reference: referenceFrom–referenceTo,
/// else the built-in champion's training window, else the 7 days before the current window.
/// </summary>
public sealed record DriftWindowQuery(
    DateTimeOffset? ReferenceFrom = null,
    DateTimeOffset? ReferenceTo = null,
    DateTimeOffset? CurrentFrom = null,
    DateTimeOffset? CurrentTo = null,
    long? CurrentItems = null);

public sealed record DriftWindows(DateTimeOffset ReferenceStart, DateTimeOffset ReferenceEnd, DateTimeOffset CurrentStart, DateTimeOffset CurrentEnd);

public static class DriftWindowResolver
{
    public static readonly TimeSpan DefaultCurrent = TimeSpan.FromHours(1);
    public static readonly TimeSpan DefaultReference = TimeSpan.FromDays(7);
    public const long MinimumItems = 100;
    public const long MaximumItems = 10_000_000;

    public static FieldErrors Validate(DriftWindowQuery query)
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
        errors.Require(query is not { CurrentFrom: { } cf } || cf < (query.CurrentTo ?? DateTimeOffset.UtcNow), "currentFrom",
            "The current window must start before it ends.");
        return errors;
    }

    /// <summary>Resolves a query that <see cref="Validate"/> accepted.</summary>
    public static async Task<DriftWindows> ResolveAsync(ReviewDbContext db, Workflow workflow, DriftWindowQuery query, CancellationToken ct)
    {
        var currentEnd = query.CurrentTo ?? DateTimeOffset.UtcNow;
        var currentStart = query.CurrentFrom
            ?? (query.CurrentItems is { } items ? await StartOfLastItemsAsync(db, workflow.Id, items, currentEnd, ct) : null)
            ?? currentEnd - DefaultCurrent;
        var (referenceStart, referenceEnd) = (query.ReferenceFrom, query.ReferenceTo) switch
        {
            ({ } from, { } to) => (from, to),
            _ => await DriftReports.ChampionWindowAsync(db, workflow, ct) ?? (currentStart - DefaultReference, currentStart),
        };
        return new DriftWindows(referenceStart, referenceEnd, currentStart, currentEnd);
    }

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
