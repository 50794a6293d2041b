using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Core.Rollouts;
using ReviewConsole.Data;
using ReviewConsole.Data.Rollouts;

namespace ReviewConsole.Features.Rollouts;

/// <summary>A running canary as ingest needs it: who decides an item.</summary>
/// <param name="Challenger">The version the canary evaluates: only it may decide the canary's share.</param>
/// <param name="AuditsBoth">An A/B test audits both arms at <paramref name="AuditRate"/>; a canary only the challenger's.</param>
/// <param name="Interleaves">An interleaved experiment: the champion decides everything, suggestions are team-drafted from both.</param>
public sealed record CanaryArms(long RolloutId, string Seed, double Percent, string? UnitKey, double AuditRate, string Challenger, bool AuditsBoth = false,
    bool Interleaves = false)
{
    /// <summary>The unit an item belongs to: the named feature's value when it has one, else the externalId.</summary>
    public bool ChallengerDecides(IngestItemRequest item)
    {
        var unit = UnitKey is { } name && item.Features.ValueKind == JsonValueKind.Object && item.Features.TryGetProperty(name, out var value)
                   && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? value.ToString()
            : item.ExternalId!;
        return StickyAssignment.SeesChallenger(Seed, unit, Percent);
    }
}

/// <summary>The canary's settings, its arms for ingest, and its evidence and decision for the API and the evaluator.</summary>
public static class CanaryState
{
    public const double DefaultAuditRate = 0.2;

    /// <summary>The share an A/B test gives the challenger when none is named.</summary>
    public const double DefaultShare = 0.5;

    /// <summary>A canary's ramp; an A/B test is a ramp of one fixed share.</summary>
    public static CanarySettings Settings(Rollout rollout)
    {
        var request = Request(rollout);
        var steps = rollout.Strategy == RolloutStrategies.AB ? [100 * (request?.Share ?? DefaultShare)] : request?.Steps ?? CanarySettings.DefaultSteps;
        return new CanarySettings(steps, request?.Margin ?? 0.02, request?.MinAudits ?? 50, TimeSpan.FromMinutes(request?.DwellMinutes ?? 10));
    }

    public static StartRolloutRequest? Request(Rollout rollout) =>
        rollout.Settings is null ? null : JsonSerializer.Deserialize<StartRolloutRequest>(rollout.Settings, JsonSerializerOptions.Web);

    /// <summary>
    /// The share of units a canary's challenger decides after these ledger actions, in order: the first share from the
    /// start, the next on each advance, none while paused or after a rollback or abandon, all after a promotion.
    /// </summary>
    public static double ShareAfter(IReadOnlyList<double> steps, IEnumerable<string> actions)
    {
        var (step, share) = (0, 0.0);
        foreach (var action in actions)
        {
            switch (action)
            {
                case "start" or "resume":
                    share = steps[step];
                    break;
                case "advance":
                    step = Math.Min(step + 1, steps.Count - 1);
                    share = share > 0 ? steps[step] : 0;
                    break;
                case "pause" or "rollback" or "abandon":
                    share = 0;
                    break;
                case "promote":
                    share = 100;
                    break;
            }
        }
        return share;
    }

    /// <summary>
    /// The running canary or A/B test of a workflow, for ingest; null when none runs (a paused one routes everything to
    /// the champion).
    /// </summary>
    public static async Task<CanaryArms?> ArmsAsync(ReviewDbContext db, int workflowId, CancellationToken ct)
    {
        var rollout = await db.Rollouts.AsNoTracking()
            .FirstOrDefaultAsync(r => r.WorkflowId == workflowId && (r.Strategy == RolloutStrategies.Canary || r.Strategy == RolloutStrategies.AB
                                                                      || r.Strategy == RolloutStrategies.Interleaved)
                                      && r.Status == RolloutStatuses.Running, ct);
        if (rollout is null)
            return null;
        var request = Request(rollout);
        var settings = Settings(rollout);
        if (rollout.Strategy == RolloutStrategies.Interleaved)
            return new CanaryArms(rollout.Id, $"rollout-{rollout.Id}", 0, null, 0, rollout.Challenger, Interleaves: true);
        return new CanaryArms(rollout.Id, $"rollout-{rollout.Id}", settings.Steps[Math.Min(rollout.Step, settings.Steps.Count - 1)], request?.UnitKey,
            request?.AuditRate ?? DefaultAuditRate, rollout.Challenger, AuditsBoth: rollout.Strategy == RolloutStrategies.AB);
    }

    /// <summary>Moments on a canary's timeline: enough to see the evidence grow, few enough to draw.</summary>
    public const int TimelinePoints = 40;

    internal sealed record Counts(DateTimeOffset Bucket, string Version, long Checked, long Correct, long ThisStep);

    /// <summary>
    /// Each arm's decisions checked by reviewers since the rollout started, by when they were labelled (up to
    /// <see cref="TimelinePoints"/> moments): blind audits at partial and full (where the model decides), every
    /// reviewed suggestion below. ThisStep: of those, the ones created since the current step began.
    /// </summary>
    internal static async Task<List<Counts>> CountsAsync(ReviewDbContext db, Rollout rollout, string level, DateTimeOffset end, CancellationToken ct)
    {
        var auditsOnly = level is "partial" or "full";
        var stepStart = rollout.StepStartedAt ?? rollout.StartedAt;
        var width = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, (end - rollout.StartedAt).Ticks / TimelinePoints + 1));
        return await db.Database.SqlQuery<Counts>($"""
            SELECT date_bin({width}, labeled_at, {rollout.StartedAt}) + {width} AS "Bucket", model_version AS "Version", count(*) AS "Checked",
                   count(*) FILTER (WHERE label = model_label) AS "Correct", count(*) FILTER (WHERE created_at >= {stepStart}) AS "ThisStep"
            FROM review_tasks
            WHERE workflow_id = {rollout.WorkflowId} AND status = 'done' AND label IS NOT NULL AND model_label IS NOT NULL
              AND created_at >= {rollout.StartedAt} AND model_version IN ({rollout.Challenger}, {rollout.Champion ?? ""})
              AND (NOT {auditsOnly} OR reason = {Core.Routing.RouteReason.AuditSample.ToWire()})
            GROUP BY 1, 2
            ORDER BY 1
            """).ToListAsync(ct);
    }

    internal static ArmCounts Total(IEnumerable<Counts> counts, string? version, DateTimeOffset until) =>
        counts.Where(c => c.Version == version && c.Bucket <= until)
            .Aggregate(new ArmCounts(0, 0), (sum, c) => new ArmCounts(sum.Correct + c.Correct, sum.Audited + c.Checked));

    /// <summary>A canary's evidence (<see cref="CountsAsync"/>), what its step rule says now, and its timeline.</summary>
    public static async Task<CanaryStateResponse> DescribeAsync(ReviewDbContext db, Rollout rollout, string level, DateTimeOffset now, CancellationToken ct)
    {
        var settings = Settings(rollout);
        var stepStart = rollout.StepStartedAt ?? rollout.StartedAt;
        var end = rollout.EndedAt ?? now;
        var counts = await CountsAsync(db, rollout, level, end, ct);
        ArmCounts Total(string? version, DateTimeOffset until) => CanaryState.Total(counts, version, until);
        var challenger = Total(rollout.Challenger, DateTimeOffset.MaxValue);
        var champion = Total(rollout.Champion, DateTimeOffset.MaxValue);
        var thisStep = counts.Where(c => c.Version == rollout.Challenger).Sum(c => c.ThisStep);
        var decision = CanaryRule.Decide(settings, challenger, champion, thisStep, now - stepStart);
        var timeline = counts.Select(c => c.Bucket).Distinct().Select(at =>
        {
            var (mine, theirs) = (Total(rollout.Challenger, at), Total(rollout.Champion, at));
            var bounds = ProportionComparison.Compare(mine, theirs, settings.AdvanceAlpha, settings.Rho);
            return new CanaryPointResponse(at < end ? at : end, mine.Audited, mine.Correct, theirs.Audited, theirs.Correct,
                double.IsNaN(bounds.Difference) ? null : bounds.Difference, bounds.Lower, bounds.Upper);
        }).ToList();
        var step = Math.Min(rollout.Step, settings.Steps.Count - 1);
        return new CanaryStateResponse(settings.Steps[step], step, settings.Steps, challenger.Audited, challenger.Correct, champion.Audited, champion.Correct,
            thisStep, double.IsNaN(decision.Bounds.Difference) ? null : decision.Bounds.Difference, decision.Bounds.Lower, decision.Bounds.Upper,
            decision.Action switch { CanaryAction.Advance => "advance", CanaryAction.RollBack => "rollback", _ => "hold" },
            decision.Reason, decision.AuditsNeeded, settings.Margin, timeline);
    }
}
