using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Features.Auth;
using ReviewConsole.Infrastructure;
using ReviewConsole.Contracts.Dashboard;
using ReviewConsole.Core.Statistics;
using ReviewConsole.Data;

namespace ReviewConsole.Features.Dashboard;

public static class DashboardApi
{
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);
    public static readonly TimeSpan HourlyUpTo = TimeSpan.FromDays(3);

    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<RollupCompactor>();
        return builder;
    }

    public static RouteGroupBuilder MapDashboardApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflows/{key}/dashboard").WithTags("Dashboard").RequireAuthorization(Policies.ReadDashboards);
        group.MapGet("/", Get).WithSummary("Comparison charts over [from, to): hourly up to 3 days, else daily. Reads rollups only.");
        return group;
    }

    internal static async Task<Results<Ok<DashboardResponse>, ValidationProblem, ProblemHttpResult>> Get(
        string key, DateTimeOffset? from, DateTimeOffset? to, ReviewDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        PlausibleTime.Check(errors, "from", from);
        PlausibleTime.Check(errors, "to", to);
        if (errors.HasErrors)
            return TypedResults.ValidationProblem(errors);
        var end = to ?? DateTimeOffset.UtcNow;
        var start = from ?? end.AddDays(-7);
        errors.Require(start < end, "from", "'from' must be before 'to'.");
        errors.Require(end - start <= MaxRange, "to", "The range is at most 366 days.");
        if (errors.HasErrors)
            return TypedResults.ValidationProblem(errors);
        var workflow = await db.WorkflowAsync(key, ct);
        if (workflow is null)
            return WorkflowLookup.NoWorkflow(key);

        var hourly = end - start <= HourlyUpTo;
        var bucketStart = Truncate(start.ToUniversalTime(), hourly);
        var pending = await Rollups.PendingAsync(db, workflow.Id, ct);
        var rows = await db.WorkflowHourly.AsNoTracking()
            .Where(h => h.WorkflowId == workflow.Id && h.Bucket >= bucketStart && h.Bucket < end)
            .ToListAsync(ct);
        rows.AddRange(pending.Where(p => p.Bucket >= bucketStart && p.Bucket < end));
        var baseline = (await db.WorkflowHourly
            .Where(h => h.WorkflowId == workflow.Id && h.Bucket < bucketStart)
            .SumAsync(h => (long?)(h.TasksCreated - h.TasksDone), ct) ?? 0)
            + pending.Where(p => p.Bucket < bucketStart).Sum(p => p.TasksCreated - p.TasksDone);
        var reviewerRows = await db.ReviewerHourly.AsNoTracking()
            .Where(r => r.WorkflowId == workflow.Id && r.Bucket >= bucketStart && r.Bucket < end)
            .GroupBy(r => r.Reviewer)
            .Select(g => new { Reviewer = g.Key, Labels = g.Sum(r => r.Labels), Hours = g.Count() })
            .ToListAsync(ct);
        var labelsByBucket = await db.ReviewerHourly.AsNoTracking()
            .Where(r => r.WorkflowId == workflow.Id && r.Bucket >= bucketStart && r.Bucket < end)
            .GroupBy(r => r.Bucket)
            .Select(g => new { Bucket = g.Key, Labels = g.Sum(r => r.Labels) })
            .ToListAsync(ct);

        var byBucket = rows.GroupBy(r => Truncate(r.Bucket.ToUniversalTime(), hourly)).ToDictionary(g => g.Key, g => g.ToList());
        var labels = labelsByBucket.GroupBy(l => Truncate(l.Bucket.ToUniversalTime(), hourly)).ToDictionary(g => g.Key, g => g.Sum(l => l.Labels));
        var points = new List<DashboardPoint>();
        var queue = baseline;
        for (var at = bucketStart; at < end; at = hourly ? at.AddHours(1) : at.AddDays(1))
        {
            var bucket = byBucket.GetValueOrDefault(at) ?? [];
            long received = bucket.Sum(r => r.ItemsReceived), auto = bucket.Sum(r => r.AutoDecided), human = bucket.Sum(r => r.HumanDecided);
            queue += bucket.Sum(r => r.TasksCreated - r.TasksDone);
            var latency = bucket.Aggregate((IReadOnlyList<long>)new long[LatencyHistogram.Buckets], (sum, r) => LatencyHistogram.Add(sum, r.DecisionLatency));
            points.Add(new DashboardPoint(at, received, auto, human, auto + human == 0 ? null : (double)auto / (auto + human), queue,
                LatencyHistogram.Quantile(latency, 0.5), LatencyHistogram.Quantile(latency, 0.9), labels.GetValueOrDefault(at)));
        }
        var rollouts = await db.Rollouts.AsNoTracking()
            .Where(r => r.WorkflowId == workflow.Id && r.StartedAt < end && (r.EndedAt == null || r.EndedAt >= bucketStart))
            .OrderBy(r => r.StartedAt)
            .Select(r => new RolloutPeriod(r.Strategy, r.Challenger, r.Status, r.StartedAt, r.EndedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new DashboardResponse(
            key, bucketStart, end, hourly ? "hour" : "day", points,
            Agreement(rows.GroupBy(r => r.Level)),
            Agreement(rows.GroupBy(r => r.ModelVersion.Length == 0 ? "(none)" : r.ModelVersion)),
            reviewerRows.OrderByDescending(r => r.Labels)
                .Select(r => new ReviewerThroughput(r.Reviewer, r.Labels, (double)r.Labels / Math.Max(1, r.Hours), r.Hours)).ToList(),
            Versions(rows, hourly), rollouts));
    }

    /// <summary>Per model version and bucket, from the same rollups: its share of the items, audited precision, agreement and automation.</summary>
    private static List<VersionSeries> Versions(List<Data.Dashboard.WorkflowHourly> rows, bool hourly)
    {
        var totals = rows.GroupBy(r => Truncate(r.Bucket.ToUniversalTime(), hourly)).ToDictionary(g => g.Key, g => g.Sum(r => r.ItemsReceived));
        return rows.Where(r => r.ModelVersion.Length > 0).GroupBy(r => r.ModelVersion).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(version => new VersionSeries(version.Key, version.GroupBy(r => Truncate(r.Bucket.ToUniversalTime(), hourly)).OrderBy(g => g.Key).Select(b =>
            {
                long items = b.Sum(r => r.ItemsReceived), audits = b.Sum(r => r.Audits), auditsAgreed = b.Sum(r => r.AuditsAgreed),
                    compared = b.Sum(r => r.Compared), agreed = b.Sum(r => r.Agreed), auto = b.Sum(r => r.AutoDecided), human = b.Sum(r => r.HumanDecided);
                var (precision, agreement) = (Wilson.Interval(auditsAgreed, audits), Wilson.Interval(agreed, compared));
                var total = totals.GetValueOrDefault(b.Key);
                return new VersionPoint(b.Key, items, total == 0 ? null : (double)items / total, audits == 0 ? null : (double)auditsAgreed / audits,
                    precision.Lower, precision.Upper, compared == 0 ? null : (double)agreed / compared, agreement.Lower, agreement.Upper,
                    auto + human == 0 ? null : (double)auto / (auto + human));
            }).ToList()))
            .ToList();
    }

    private static List<AgreementGroup> Agreement(IEnumerable<IGrouping<string, Data.Dashboard.WorkflowHourly>> groups) =>
        groups.Select(g =>
            {
                long compared = g.Sum(r => r.Compared), agreed = g.Sum(r => r.Agreed);
                var interval = Wilson.Interval(agreed, compared);
                return new AgreementGroup(g.Key, compared, agreed, compared == 0 ? null : (double)agreed / compared, interval.Lower, interval.Upper);
            })
            .Where(a => a.Compared > 0)
            .OrderBy(a => a.Group, StringComparer.Ordinal)
            .ToList();

    private static DateTimeOffset Truncate(DateTimeOffset at, bool hourly) =>
        hourly ? new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, 0, 0, TimeSpan.Zero) : new DateTimeOffset(at.Year, at.Month, at.Day, 0, 0, 0, TimeSpan.Zero);
}
