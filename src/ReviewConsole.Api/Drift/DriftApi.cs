using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Api.Auth;
using ReviewConsole.Api.Infrastructure;
using ReviewConsole.Api.Workflows;
using ReviewConsole.Contracts.Drift;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Core.Drift;
using ReviewConsole.Core.Schema;
using ReviewConsole.Data;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Api.Drift;

public static class DriftApi
{
    public static readonly TimeSpan DefaultCurrent = TimeSpan.FromHours(1);
    public static readonly TimeSpan DefaultReference = TimeSpan.FromDays(7);

    public static WebApplicationBuilder AddDrift(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<DriftOptions>(builder.Configuration.GetSection("Drift"));
        builder.Services.AddHostedService<ProfileBuilder>();
        return builder;
    }

    public static RouteGroupBuilder MapDriftApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflows/{key}").WithTags("Drift").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/drift", Report).WithSummary(
            "Reference vs current window per feature, from stored profiles. Defaults: current = the last hour; " +
            "reference = the built-in champion's training window, else the 7 days before the current window.");
        return group;
    }

    private static async Task<Results<Ok<DriftReportResponse>, ValidationProblem, ProblemHttpResult>> Report(
        string key, DateTimeOffset? referenceFrom, DateTimeOffset? referenceTo, DateTimeOffset? currentFrom, DateTimeOffset? currentTo,
        ReviewDbContext db, CancellationToken ct)
    {
        var workflow = await db.Workflows.AsNoTracking().FirstOrDefaultAsync(w => w.Key == key, ct);
        if (workflow is null)
            return ProblemHandling.NotFound($"No workflow '{key}'.");
        var currentEnd = currentTo ?? DateTimeOffset.UtcNow;
        var currentStart = currentFrom ?? currentEnd - DefaultCurrent;
        var (referenceStart, referenceEnd) = (referenceFrom, referenceTo) switch
        {
            ({ } from, { } to) => (from, to),
            _ => await ChampionWindowAsync(db, workflow, ct) ?? (currentStart - DefaultReference, currentStart),
        };
        var errors = new FieldErrors();
        errors.Require(referenceStart < referenceEnd, "referenceFrom", "The reference window must start before it ends.");
        errors.Require(currentStart < currentEnd, "currentFrom", "The current window must start before it ends.");
        if (errors.HasErrors)
            return TypedResults.ValidationProblem(errors);

        var reference = await ProfilesAsync(db, workflow.Id, referenceStart, referenceEnd, ct);
        var current = await ProfilesAsync(db, workflow.Id, currentStart, currentEnd, ct);
        var features = workflow.Fields().Where(f => f.Type != FeatureType.ImageUrl)
            .Append(new FeatureField(ProfileBuilder.PredictionFeature, FeatureType.Categorical))
            .Append(new FeatureField(ProfileBuilder.ConfidenceFeature, FeatureType.Numeric))
            .ToList();
        var comparisons = features.Select(f => ProfileComparison.Compare(f.Name, f.Type,
                reference.Profiles.GetValueOrDefault(f.Name) ?? new FeatureProfile(), current.Profiles.GetValueOrDefault(f.Name) ?? new FeatureProfile()) with
            {
                Kind = f.Name == ProfileBuilder.PredictionFeature ? "prediction" : f.Name == ProfileBuilder.ConfidenceFeature ? "confidence" : KindOf(f.Type),
            })
            .ToList();
        var assessed = DriftAssessment.Assess(comparisons, reference.Items, current.Items);
        return TypedResults.Ok(new DriftReportResponse(
            key,
            new DriftWindow(referenceStart, referenceEnd, reference.Items),
            new DriftWindow(currentStart, currentEnd, current.Items),
            DriftAssessment.Overall(assessed).ToString().ToLowerInvariant(),
            assessed.Select(a => new FeatureDriftResponse(a.Feature, a.Kind, a.Psi, a.Statistic, a.PValue, a.AdjustedPValue,
                a.Severity.ToString().ToLowerInvariant(), a.Reason)).ToList(),
            await PerformanceAsync(db, workflow.Id, currentStart, currentEnd, ct)));
    }

    private static string KindOf(FeatureType type) => type switch
    {
        FeatureType.Numeric => "numeric",
        FeatureType.Text => "text",
        _ => "categorical",
    };

    private sealed record Window(Dictionary<string, FeatureProfile> Profiles, long Items);

    private static async Task<Window> ProfilesAsync(ReviewDbContext db, int workflowId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var rows = await db.FeatureProfiles.AsNoTracking()
            .Where(p => p.WorkflowId == workflowId && p.Bucket >= from && p.Bucket < to)
            .ToListAsync(ct);
        var merged = new Dictionary<string, FeatureProfile>();
        var items = new Dictionary<string, long>();
        foreach (var row in rows)
        {
            var profile = merged.TryGetValue(row.Feature, out var existing) ? existing : merged[row.Feature] = new FeatureProfile();
            profile.Merge(new FeatureProfile { Counts = JsonSerializer.Deserialize<Dictionary<string, long>>(row.Counts)! });
            items[row.Feature] = items.GetValueOrDefault(row.Feature) + row.Items;
        }
        return new Window(merged, items.Values.DefaultIfEmpty(0).Max());
    }

    private static async Task<(DateTimeOffset, DateTimeOffset)?> ChampionWindowAsync(ReviewDbContext db, Workflow workflow, CancellationToken ct)
    {
        if (workflow.ChampionModelId is not { } id)
            return null;
        var window = await db.ModelVersions.AsNoTracking().Where(m => m.Id == id && m.Kind == ModelKinds.BuiltIn)
            .Select(m => new { m.TrainedFrom, m.TrainedTo }).FirstOrDefaultAsync(ct);
        return window is { TrainedFrom: { } from, TrainedTo: { } to } && from < to ? (from, to.AddTicks(1)) : null;
    }

    private sealed record Estimate(double? Expected, long AutoDecided, long Audits, long Agreed);

    /// <summary>Expected accuracy of the current auto-decisions from their confidences, beside what the audits measured.</summary>
    private static async Task<PerformanceEstimate> PerformanceAsync(ReviewDbContext db, int workflowId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var estimate = await db.Database.SqlQuery<Estimate>($"""
            SELECT (SELECT avg(p.confidence) FROM items i JOIN predictions p ON p.item_id = i.id AND p.used_for_routing
                    WHERE i.workflow_id = {workflowId} AND i.route = 'auto' AND i.received_at >= {from} AND i.received_at < {to}) AS "Expected",
                   (SELECT count(*) FROM items i
                    WHERE i.workflow_id = {workflowId} AND i.route = 'auto' AND i.received_at >= {from} AND i.received_at < {to}) AS "AutoDecided",
                   count(*) AS "Audits", count(*) FILTER (WHERE t.label = t.model_label) AS "Agreed"
            FROM review_tasks t
            WHERE t.workflow_id = {workflowId} AND t.reason = 'audit_sample' AND t.status = 'done' AND t.created_at >= {from} AND t.created_at < {to}
            """).SingleAsync(ct);
        return new PerformanceEstimate(estimate.Expected, estimate.AutoDecided, estimate.Audits == 0 ? null : (double)estimate.Agreed / estimate.Audits, estimate.Audits);
    }
}
