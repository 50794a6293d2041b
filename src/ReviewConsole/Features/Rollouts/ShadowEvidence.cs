using Microsoft.EntityFrameworkCore;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Core.Rollouts;
using ReviewConsole.Data;

namespace ReviewConsole.Features.Rollouts;

/// <summary>The champion and the challenger on the same reviewer-labelled items: the shadow rollout's evidence.</summary>
public static class ShadowEvidence
{
    public const int DisagreementsShown = 50;

    private sealed record Row(long ItemId, string ExternalId, string Human, string Champion, string Challenger, string? Slice);

    /// <param name="since">When the shadow started: only items labelled since count.</param>
    public static async Task<ShadowEvidenceResponse> LoadAsync(ReviewDbContext db, int workflowId, string champion, string challenger, DateTimeOffset since,
        CancellationToken ct)
    {
        var slice = await db.Workflows.Where(w => w.Id == workflowId).Select(w => w.SliceFeature).FirstAsync(ct) ?? "";
        // The latest human label per item, beside each version's latest prediction for it.
        var rows = await db.Database.SqlQuery<Row>($"""
            SELECT h.item_id AS "ItemId", i.external_id AS "ExternalId", h.label AS "Human", a.label AS "Champion", b.label AS "Challenger",
                   i.features ->> {slice} AS "Slice"
            FROM (SELECT DISTINCT ON (t.item_id) t.item_id, t.label
                  FROM review_tasks t
                  WHERE t.workflow_id = {workflowId} AND t.status = 'done' AND t.label IS NOT NULL AND t.labeled_at >= {since}
                  ORDER BY t.item_id, t.labeled_at DESC) h
            JOIN items i ON i.id = h.item_id
            JOIN LATERAL (SELECT label FROM predictions WHERE item_id = h.item_id AND model_version = {champion} ORDER BY id DESC LIMIT 1) a ON true
            JOIN LATERAL (SELECT label FROM predictions WHERE item_id = h.item_id AND model_version = {challenger} ORDER BY id DESC LIMIT 1) b ON true
            """).ToListAsync(ct);
        var items = rows.Select(r => new PairedItem(r.ItemId, r.ExternalId, r.Human, r.Champion, r.Challenger, r.Slice)).ToList();
        var (overall, slices) = PairedEvidence.Compute(items);
        return new ShadowEvidenceResponse(
            ToContract(overall),
            slices.Select(ToContract).ToList(),
            items.Where(i => i.Champion != i.Challenger).OrderByDescending(i => i.ItemId).Take(DisagreementsShown)
                .Select(i => new DisagreementResponse(i.ItemId, i.ExternalId, i.Human, i.Champion, i.Challenger)).ToList());
    }

    private static PairedCountsResponse ToContract(PairedCounts c)
    {
        double? Share(long part) => c.Items == 0 ? null : (double)part / c.Items;
        return new PairedCountsResponse(c.Slice, c.Items, Share(c.ChampionRight), Share(c.ChallengerRight), Share(c.VersionsAgree),
            c.OnlyChampionRight, c.OnlyChallengerRight, c.McNemarP);
    }
}
