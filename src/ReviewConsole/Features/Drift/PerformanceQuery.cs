using Microsoft.EntityFrameworkCore;
using ReviewConsole.Contracts.Drift;
using ReviewConsole.Core.Statistics;
using ReviewConsole.Data;

namespace ReviewConsole.Features.Drift;

/// <summary>Equal slots of a window; never narrower than a profile bucket, which holds whole buckets or nothing.</summary>
public readonly record struct Slots(DateTimeOffset Start, TimeSpan Width, int Count)
{
    public static Slots Of(DateTimeOffset start, DateTimeOffset end, int requested, TimeSpan bucket)
    {
        var count = (int)Math.Clamp(Math.Floor((end - start) / bucket), 1, requested);
        return new Slots(start, (end - start) / count, count);
    }

    public static Slots Whole(DateTimeOffset start, DateTimeOffset end) => new(start, end - start, 1);

    public DateTimeOffset this[int slot] => Start + Width * slot;

    /// <summary>The same span in at most <paramref name="count"/> slots (at least one).</summary>
    public Slots AtMost(int count)
    {
        count = Math.Max(1, count);
        return count >= Count ? this : new Slots(Start, Width * Count / count, count);
    }

    public DateTimeOffset End => Start + Width * Count;
}

/// <summary>
/// Expected accuracy of auto-decisions (their mean calibrated confidence), accuracy measured by blind audits and
/// agreement on every labelled item, slot by slot, all by the items' event time: a window holds what happened in it,
/// labelled so far. Labels are human-scale, so counting them is cheap on the done tasks' event-time index;
/// auto-decisions are read for the current window only.
/// </summary>
internal static class PerformanceQuery
{
    internal sealed record LabelCounts(int Slot, long Compared, long Agreed, long Audits, long AuditsAgreed);

    private sealed record AutoCounts(int Slot, long AutoDecided, double ConfidenceSum);

    /// <summary>The estimate, and the current window's labelled comparisons (for agreement drift).</summary>
    public static async Task<(PerformanceEstimate Estimate, long Compared, long Agreed)> EstimateAsync(ReviewDbContext db, int workflowId, Slots slots, CancellationToken ct)
    {
        var (width, last) = (slots.Width.TotalSeconds, slots.Count - 1);
        var auto = (await db.Database.SqlQuery<AutoCounts>($"""
            SELECT least(floor(extract(epoch FROM i.occurred_at - {slots.Start}) / {width})::int, {last}) AS "Slot",
                   count(*) AS "AutoDecided", sum(p.confidence) AS "ConfidenceSum"
            FROM items i JOIN predictions p ON p.item_id = i.id AND p.used_for_routing
            WHERE i.workflow_id = {workflowId} AND i.route = 'auto' AND i.occurred_at >= {slots.Start} AND i.occurred_at < {slots.End}
            GROUP BY 1
            """).ToListAsync(ct)).ToDictionary(r => r.Slot);
        var labels = (await LabelsAsync(db, workflowId, slots, ct)).ToDictionary(r => r.Slot);

        var series = Enumerable.Range(0, slots.Count).Select(s =>
        {
            var a = auto.GetValueOrDefault(s) ?? new AutoCounts(s, 0, 0);
            var l = labels.GetValueOrDefault(s) ?? new LabelCounts(s, 0, 0, 0, 0);
            var measured = Rate(l.AuditsAgreed, l.Audits);
            var agreement = Rate(l.Agreed, l.Compared);
            return new PerformancePoint(slots[s], a.AutoDecided, a.AutoDecided == 0 ? null : a.ConfidenceSum / a.AutoDecided,
                l.Audits, measured?.Rate, measured?.Lower, measured?.Upper, l.Compared, agreement?.Rate, agreement?.Lower, agreement?.Upper);
        }).ToList();
        long autoDecided = auto.Values.Sum(a => a.AutoDecided), audits = labels.Values.Sum(l => l.Audits);
        var estimate = new PerformanceEstimate(
            autoDecided == 0 ? null : auto.Values.Sum(a => a.ConfidenceSum) / autoDecided,
            autoDecided,
            audits == 0 ? null : (double)labels.Values.Sum(l => l.AuditsAgreed) / audits,
            audits,
            series);
        return (estimate, labels.Values.Sum(l => l.Compared), labels.Values.Sum(l => l.Agreed));
    }

    /// <summary>Labelled comparisons and audits per slot, by their items' event time.</summary>
    public static Task<List<LabelCounts>> LabelsAsync(ReviewDbContext db, int workflowId, Slots slots, CancellationToken ct)
    {
        var (width, last) = (slots.Width.TotalSeconds, slots.Count - 1);
        return db.Database.SqlQuery<LabelCounts>($"""
            SELECT least(floor(extract(epoch FROM t.occurred_at - {slots.Start}) / {width})::int, {last}) AS "Slot",
                   count(*) FILTER (WHERE t.model_label IS NOT NULL) AS "Compared",
                   count(*) FILTER (WHERE t.label = t.model_label) AS "Agreed",
                   count(*) FILTER (WHERE t.reason = 'audit_sample') AS "Audits",
                   count(*) FILTER (WHERE t.reason = 'audit_sample' AND t.label = t.model_label) AS "AuditsAgreed"
            FROM review_tasks t
            WHERE t.workflow_id = {workflowId} AND t.status = 'done' AND t.occurred_at >= {slots.Start} AND t.occurred_at < {slots.End}
            GROUP BY 1
            """).ToListAsync(ct);
    }

    private static (double Rate, double Lower, double Upper)? Rate(long successes, long trials)
    {
        if (trials == 0)
            return null;
        var interval = Wilson.Interval(successes, trials);
        return ((double)successes / trials, interval.Lower, interval.Upper);
    }
}
