using Microsoft.EntityFrameworkCore;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Core.Experiments;
using ReviewConsole.Data;
using ReviewConsole.Data.Rollouts;

namespace ReviewConsole.Features.Rollouts;

/// <summary>
/// An A/B test as the API and the evaluator read it: each arm's primary metric from human-checked decisions (the
/// canary's counts), its items, automation rate and time to decision, the running verdict and the sample-ratio check.
/// </summary>
public static class ExperimentState
{
    private sealed record ArmItems(string Version, long Items, long Auto, double? MedianSeconds);

    private sealed record ArmReviews(string Version, long Reviewed, long Agreed);

    public static async Task<ExperimentResponse> DescribeAsync(ReviewDbContext db, Rollout rollout, string level, DateTimeOffset now, CancellationToken ct)
    {
        var settings = CanaryState.Settings(rollout);
        var share = settings.Steps[0] / 100;
        var counts = await CanaryState.CountsAsync(db, rollout, level, rollout.EndedAt ?? now, ct);
        var challenger = CanaryState.Total(counts, rollout.Challenger, DateTimeOffset.MaxValue);
        var champion = CanaryState.Total(counts, rollout.Champion, DateTimeOffset.MaxValue);
        var decision = AbTest.Decide(challenger, champion, settings.Margin);
        var until = rollout.EndedAt ?? now;
        var items = await ItemsAsync(db, rollout, until, ct);
        // Agreement on the items each arm sent to reviewers (not its blind audits).
        var reviews = await db.Database.SqlQuery<ArmReviews>($"""
            SELECT model_version AS "Version", count(*) AS "Reviewed", count(*) FILTER (WHERE label = model_label) AS "Agreed"
            FROM review_tasks
            WHERE workflow_id = {rollout.WorkflowId} AND status = 'done' AND label IS NOT NULL AND model_label IS NOT NULL
              AND created_at >= {rollout.StartedAt} AND labeled_at <= {until} AND reason <> {Core.Routing.RouteReason.AuditSample.ToWire()}
              AND model_version IN ({rollout.Challenger}, {rollout.Champion ?? ""})
            GROUP BY 1
            """).ToListAsync(ct);
        ArmResponse Arm(string version, string role, Core.Rollouts.ArmCounts checkedCounts)
        {
            var arm = items.FirstOrDefault(i => i.Version == version) ?? new ArmItems(version, 0, 0, null);
            var reviewed = reviews.FirstOrDefault(r => r.Version == version) ?? new ArmReviews(version, 0, 0);
            var (lower, upper) = ExactInterval.Of(checkedCounts.Correct, checkedCounts.Audited);
            var (agreementLower, agreementUpper) = ExactInterval.Of(reviewed.Agreed, reviewed.Reviewed);
            var (automationLower, automationUpper) = ExactInterval.Of(arm.Auto, arm.Items);
            return new ArmResponse(version, role, arm.Items, checkedCounts.Audited, checkedCounts.Correct,
                checkedCounts.Audited == 0 ? null : checkedCounts.Rate, lower, upper, arm.Items == 0 ? null : (double)arm.Auto / arm.Items, arm.MedianSeconds,
                reviewed.Reviewed, reviewed.Reviewed == 0 ? null : (double)reviewed.Agreed / reviewed.Reviewed, agreementLower, agreementUpper,
                automationLower, automationUpper);
        }
        var arms = new[] { Arm(rollout.Champion ?? "", "champion", champion), Arm(rollout.Challenger, "challenger", challenger) };
        var ratio = Split(rollout, items);
        return new ExperimentResponse(share, level is "partial" or "full" ? "precision" : "agreement", Verdict(decision.Verdict),
            double.IsNaN(decision.Bounds.Difference) ? null : decision.Bounds.Difference, decision.Bounds.Lower, decision.Bounds.Upper, settings.Margin,
            decision.ChecksNeeded, arms,
            new SampleRatioResponse(ratio.Champion, ratio.Challenger, ratio.ExpectedChallengerShare, ratio.ChiSquare, ratio.PValue, ratio.Mismatch));
    }

    /// <summary>The split check alone, as the evaluator runs it every round: one query, not the whole evidence.</summary>
    public static async Task<SampleRatioCheck> SampleRatioAsync(ReviewDbContext db, Rollout rollout, DateTimeOffset now, CancellationToken ct) =>
        Split(rollout, await ItemsAsync(db, rollout, rollout.EndedAt ?? now, ct));

    private static SampleRatioCheck Split(Rollout rollout, List<ArmItems> items) =>
        SampleRatio.Check(items.FirstOrDefault(i => i.Version == rollout.Champion)?.Items ?? 0,
            items.FirstOrDefault(i => i.Version == rollout.Challenger)?.Items ?? 0, CanaryState.Settings(rollout).Steps[0] / 100);

    /// <summary>Each arm's items: the version whose prediction routed them since the test began.</summary>
    private static Task<List<ArmItems>> ItemsAsync(ReviewDbContext db, Rollout rollout, DateTimeOffset until, CancellationToken ct) =>
        db.Database.SqlQuery<ArmItems>($"""
            SELECT p.model_version AS "Version", count(*) AS "Items", count(*) FILTER (WHERE i.decision_source = 'model') AS "Auto",
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.decided_at - i.received_at)) FILTER (WHERE i.decided_at IS NOT NULL)
                       AS "MedianSeconds"
            FROM items i JOIN predictions p ON p.item_id = i.id AND p.used_for_routing
            WHERE i.workflow_id = {rollout.WorkflowId} AND i.received_at >= {rollout.StartedAt} AND i.received_at <= {until}
              AND p.model_version IN ({rollout.Challenger}, {rollout.Champion ?? ""})
            GROUP BY 1
            """).ToListAsync(ct);

    public static string Verdict(AbVerdict verdict) => verdict switch
    {
        AbVerdict.ChallengerBetter => "challenger-better",
        AbVerdict.ChampionBetter => "champion-better",
        AbVerdict.NoDifference => "no-difference",
        _ => "collecting",
    };
}
