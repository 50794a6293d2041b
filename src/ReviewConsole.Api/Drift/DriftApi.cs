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
        builder.Services.AddHostedService<DriftMonitor>();
        return builder;
    }

    public static RouteGroupBuilder MapDriftApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflows/{key}").WithTags("Drift").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/drift:evaluate", Evaluate).RequireAuthorization(Policies.ManageModels)
            .WithSummary("Evaluate now (same windows as GET drift) and raise a drift alert if severity rose.");
        group.MapGet("/drift/features/{feature}", Distribution).WithSummary("One feature's reference and current distributions, for an overlay.");
        group.MapGet("/drift/heatmap", Heatmap).WithSummary("PSI per feature per slot of the current window (slots: 2 to 48, default 12).");
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
            _ => await DriftReports.DefaultReferenceAsync(db, workflow, currentStart, ct),
        };
        var errors = new FieldErrors();
        errors.Require(referenceStart < referenceEnd, "referenceFrom", "The reference window must start before it ends.");
        errors.Require(currentStart < currentEnd, "currentFrom", "The current window must start before it ends.");
        if (errors.HasErrors)
            return TypedResults.ValidationProblem(errors);

        return TypedResults.Ok(await DriftReports.BuildAsync(db, workflow, referenceStart, referenceEnd, currentStart, currentEnd, ct));
    }

    private static async Task<Results<Ok<FeatureDistributionResponse>, ProblemHttpResult>> Distribution(
        string key, string feature, DateTimeOffset? currentFrom, DateTimeOffset? currentTo, ReviewDbContext db, CancellationToken ct)
    {
        var workflow = await db.Workflows.AsNoTracking().FirstOrDefaultAsync(w => w.Key == key, ct);
        if (workflow is null)
            return ProblemHandling.NotFound($"No workflow '{key}'.");
        var currentEnd = currentTo ?? DateTimeOffset.UtcNow;
        var currentStart = currentFrom ?? currentEnd - DefaultCurrent;
        var (referenceStart, referenceEnd) = await DriftReports.DefaultReferenceAsync(db, workflow, currentStart, ct);
        return await DriftReports.DistributionAsync(db, workflow, feature, referenceStart, referenceEnd, currentStart, currentEnd, ct) is { } distribution
            ? TypedResults.Ok(distribution)
            : ProblemHandling.NotFound($"Workflow '{key}' has no profiled feature '{feature}'.");
    }

    private static async Task<Results<Ok<DriftHeatmapResponse>, ValidationProblem, ProblemHttpResult>> Heatmap(
        string key, DateTimeOffset? currentFrom, DateTimeOffset? currentTo, int? slots, ReviewDbContext db,
        Microsoft.Extensions.Options.IOptions<DriftOptions> options, CancellationToken ct)
    {
        if (slots is not null and (< 2 or > 48))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["slots"] = ["Between 2 and 48 slots."] });
        var workflow = await db.Workflows.AsNoTracking().FirstOrDefaultAsync(w => w.Key == key, ct);
        if (workflow is null)
            return ProblemHandling.NotFound($"No workflow '{key}'.");
        var currentEnd = currentTo ?? DateTimeOffset.UtcNow;
        var currentStart = currentFrom ?? currentEnd - DefaultCurrent;
        if (currentStart >= currentEnd)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["currentFrom"] = ["The current window must start before it ends."] });
        var (referenceStart, referenceEnd) = await DriftReports.DefaultReferenceAsync(db, workflow, currentStart, ct);
        return TypedResults.Ok(await DriftReports.HeatmapAsync(db, workflow, referenceStart, referenceEnd, currentStart, currentEnd, slots ?? 12,
            TimeSpan.FromSeconds(options.Value.BucketSeconds), ct));
    }

    private static async Task<Results<Ok<DriftReportResponse>, ValidationProblem, ProblemHttpResult>> Evaluate(
        string key, DateTimeOffset? referenceFrom, DateTimeOffset? referenceTo, DateTimeOffset? currentFrom, DateTimeOffset? currentTo,
        ReviewDbContext db, CancellationToken ct)
    {
        var result = await Report(key, referenceFrom, referenceTo, currentFrom, currentTo, db, ct);
        if (result.Result is Ok<DriftReportResponse> { Value: { } report })
            await DriftReports.AlertIfRisenAsync(db, report, ct);
        return result;
    }
}
