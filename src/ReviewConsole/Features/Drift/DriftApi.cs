using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReviewConsole.Features.Auth;
using ReviewConsole.Infrastructure;
using ReviewConsole.Contracts.Drift;
using ReviewConsole.Data;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Drift;

public static class DriftApi
{
    public const int DefaultSlots = 12;

    public static WebApplicationBuilder AddDrift(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DriftOptions>().BindConfiguration("Drift");
        builder.Services.AddSingleton<DriftWindowResolver>();
        // Drift:BuildProfiles=false leaves profile building to other replicas (or off, to measure ingest alone).
        if (builder.Configuration.GetValue("Drift:BuildProfiles", true))
            builder.Services.AddHostedService<ProfileBuilder>();
        builder.Services.AddHostedService<DriftMonitor>();
        return builder;
    }

    public static RouteGroupBuilder MapDriftApi(this RouteGroupBuilder api)
    {
        const string windows = " Windows are over event time (occurredAt), resolved to whole profile buckets: current = currentFrom–currentTo, or the " +
                               "last currentItems items, default the monitor's span (Drift:MonitorMinutes, 60); reference = referenceFrom–referenceTo, default " +
                               "the first that holds enough items (Drift:MinimumReferenceItems, 1,000, or the current window's size if smaller) of: the built-in " +
                               "champion's training window, the 7 days before the current window, the workflow's earliest items (up to a day).";
        var group = api.MapGroup("/workflows/{key}").WithTags("Drift").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/drift:evaluate", Evaluate).RequireAuthorization(Policies.ManageModels)
            .WithSummary("Evaluate now (as GET drift) and raise a drift or agreement alert if its severity rose." + windows);
        group.MapGet("/drift/features/{feature}", Distribution).WithSummary("One feature's reference and current distributions, for an overlay." + windows);
        group.MapGet("/drift/heatmap", Heatmap).WithSummary("PSI per feature per slot of the current window (slots: 2 to 48, default 12; fewer when the window holds under 60 items a slot)." + windows);
        group.MapGet("/drift", Report).WithSummary(
            "Reference vs current window per feature, from stored profiles; the performance estimate slot by slot (slots: 2 to 48, default 12); " +
            "agreement drift on labelled items." + windows);
        return group;
    }

    internal static async Task<Results<Ok<DriftReportResponse>, ValidationProblem, ProblemHttpResult>> Report(
        string key, [AsParameters] DriftWindowQuery query, int? slots, ReviewDbContext db, DriftWindowResolver resolver, CancellationToken ct) =>
        await WithWindowsAsync(key, query, slots, db, resolver, ct, async (workflow, windows) =>
            await DriftReports.BuildAsync(db, workflow, windows, SlotsOf(windows, slots, resolver), ct));

    internal static async Task<Results<Ok<FeatureDistributionResponse>, ValidationProblem, ProblemHttpResult>> Distribution(
        string key, string feature, [AsParameters] DriftWindowQuery query, ReviewDbContext db, DriftWindowResolver resolver, CancellationToken ct) =>
        await WithWindowsAsync(key, query, null, db, resolver, ct, (workflow, windows) => DriftReports.DistributionAsync(db, workflow, feature, windows, ct),
            $"Workflow '{key}' has no profiled feature '{feature}'.");

    internal static async Task<Results<Ok<DriftHeatmapResponse>, ValidationProblem, ProblemHttpResult>> Heatmap(
        string key, [AsParameters] DriftWindowQuery query, int? slots, ReviewDbContext db, DriftWindowResolver resolver, CancellationToken ct) =>
        await WithWindowsAsync(key, query, slots, db, resolver, ct, async (workflow, windows) =>
            await DriftReports.HeatmapAsync(db, workflow, windows, SlotsOf(windows, slots, resolver), ct));

    internal static async Task<Results<Ok<DriftReportResponse>, ValidationProblem, ProblemHttpResult>> Evaluate(
        string key, [AsParameters] DriftWindowQuery query, int? slots, ReviewDbContext db, DriftWindowResolver resolver, CancellationToken ct) =>
        await WithWindowsAsync(key, query, slots, db, resolver, ct, async (workflow, windows) =>
        {
            var report = await DriftReports.BuildAsync(db, workflow, windows, SlotsOf(windows, slots, resolver), ct);
            return report with { Raised = await DriftReports.AlertIfRisenAsync(db, workflow, report, resolver.Now, ct) };
        });

    private static Slots SlotsOf(DriftWindows windows, int? slots, DriftWindowResolver resolver) =>
        Slots.Of(windows.CurrentStart, windows.CurrentEnd, slots ?? DefaultSlots, resolver.Bucket);

    /// <summary>
    /// Validates the windows (and slots), finds the workflow, resolves the windows and runs <paramref name="build"/>;
    /// a null result is a 404 saying <paramref name="missing"/>.
    /// </summary>
    internal static async Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>> WithWindowsAsync<T>(string key, DriftWindowQuery query, int? slots,
        ReviewDbContext db, DriftWindowResolver resolver, CancellationToken ct, Func<Workflow, DriftWindows, Task<T?>> build, string? missing = null)
        where T : class
    {
        var errors = resolver.Validate(query);
        errors.Require(slots is null or (>= 2 and <= 48), "slots", "Between 2 and 48 slots.");
        if (errors.HasErrors)
            return TypedResults.ValidationProblem(errors);
        var workflow = await db.WorkflowAsync(key, ct);
        if (workflow is null)
            return WorkflowLookup.NoWorkflow(key);
        var windows = await resolver.ResolveAsync(db, workflow, query, ct);
        return await build(workflow, windows) is { } result ? TypedResults.Ok(result) : ProblemHandling.NotFound(missing ?? $"Nothing found for '{key}'.");
    }
}
