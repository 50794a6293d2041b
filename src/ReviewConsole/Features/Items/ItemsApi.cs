using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Features.Auth;
using ReviewConsole.Features.Models;
using ReviewConsole.Infrastructure;
using ReviewConsole.Features.Workflows;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Data;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Items;

public static class ItemsApi
{
    public static WebApplicationBuilder AddItems(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<IngestService>();
        builder.Services.AddOptions<IngestOptions>().BindConfiguration("Items");
        return builder;
    }

    public static RouteGroupBuilder MapItemsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflows/{key}").WithTags("Items");
        group.MapPost("/items", IngestOne).RequireAuthorization(Policies.Ingest)
            .WithSummary("Post one item (with an optional prediction); 201 the first time, 200 with the same answer on a repeat.");
        group.MapPost("/items:batch", IngestBatch).RequireAuthorization(Policies.Ingest)
            .WithSummary($"Post up to {IngestValidation.MaxBatch} items; one result per item, in order. All or nothing.");
        group.MapGet("/items/{externalId}", Get).RequireAuthorization(Policies.ReadItems);
        return group;
    }

    internal static async Task<Results<Created<IngestItemResponse>, Ok<IngestItemResponse>, ValidationProblem, ProblemHttpResult>> IngestOne(
        string key, IngestItemRequest request, ClaimsPrincipal user, ReviewDbContext db, IngestService ingest, HttpContext http, CancellationToken ct)
    {
        var (workflow, problem) = await FindAsync(key, user, db, ct);
        if (workflow is null)
            return problem!;
        var errors = IngestValidation.Validate([request], workflow.Labels, workflow.Schema(), pathPrefix: "", EventTimeLimitsOf(http));
        if (errors.HasErrors)
            return TypedResults.ValidationProblem(errors);
        IngestResult result;
        try
        {
            result = (await ingest.IngestAsync(workflow, [request], ct))[0];
        }
        catch (ModelVersionLimitException limit)
        {
            return TooManyVersions(limit, "prediction.modelVersion", http);
        }
        if (result.Conflicts)
            return Repeated(result.Differs!.ToDictionary(f => f, _ => new[] { "Differs from the first post of this externalId." }));
        return result.Created
            ? TypedResults.Created($"/api/v1/workflows/{key}/items/{Uri.EscapeDataString(result.Response.ExternalId)}", result.Response)
            : TypedResults.Ok(result.Response);
    }

    internal static async Task<Results<Ok<BatchIngestResponse>, ValidationProblem, ProblemHttpResult>> IngestBatch(
        string key, BatchIngestRequest request, ClaimsPrincipal user, ReviewDbContext db, IngestService ingest, HttpContext http, CancellationToken ct)
    {
        var (workflow, problem) = await FindAsync(key, user, db, ct);
        if (workflow is null)
            return problem!;
        if (request.Items is null || request.Items.Count == 0 || request.Items.Count > IngestValidation.MaxBatch)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["items"] = [$"A batch holds 1 to {IngestValidation.MaxBatch} items; this one has {request.Items?.Count ?? 0}."],
            });
        var errors = IngestValidation.Validate(request.Items, workflow.Labels, workflow.Schema(), pathPrefix: "items", EventTimeLimitsOf(http));
        if (errors.HasErrors)
            return TypedResults.ValidationProblem(errors);
        IReadOnlyList<IngestResult> results;
        try
        {
            results = await ingest.IngestAsync(workflow, request.Items!.Select(i => i!).ToList(), ct);
        }
        catch (ModelVersionLimitException limit)
        {
            var index = request.Items!.ToList().FindIndex(i => i!.Prediction is { } p && (p.ModelVersion ?? IngestService.ExternalModelVersion) == limit.Version);
            return TooManyVersions(limit, $"items[{index}].prediction.modelVersion", http);
        }
        if (results.Any(r => r.Conflicts))
            return Repeated(results
                .SelectMany((r, i) => (r.Differs ?? []).Select(field => (Key: $"items[{i}].{field}", Field: field)))
                .Take(100)
                .ToDictionary(e => e.Key, _ => new[] { "Differs from the first post of this externalId." }));
        return TypedResults.Ok(new BatchIngestResponse(results.Select(r => r.Response).ToList()));
    }

    private static EventTimeLimits EventTimeLimitsOf(HttpContext http) => EventTimeLimits.At(
        http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
        http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<IngestOptions>>().Value.EventTimeHorizonDays);

    /// <summary>429: a client named more new model versions than the workflow registers in an hour; nothing was stored.</summary>
    private static ProblemHttpResult TooManyVersions(ModelVersionLimitException limit, string field, HttpContext http)
    {
        if (!limit.NeverFits)
            http.Response.Headers.RetryAfter = Math.Ceiling(limit.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [field] = [$"A new model version; this workflow registers at most {limit.Limit} new versions an hour (Models:NewVersionsPerHour)."],
        })
        {
            Title = "Too many new model versions",
            Detail = limit.NeverFits
                ? $"This request names more than {limit.Limit} new versions at once, which no hour allows; nothing was stored. Split it."
                : $"'{ReviewConsole.Core.Schema.StorableText.Echo(limit.Version)}' was not registered and nothing was stored. Retry later, or send a version registered before.",
            // A request that could never fit is not a matter of waiting.
            Status = limit.NeverFits ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status429TooManyRequests,
        });
    }

    /// <summary>409: an externalId seen before (or earlier in the batch) came with a different payload; nothing was stored.</summary>
    private static ProblemHttpResult Repeated(Dictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Title = "An externalId was posted before with a different payload",
            Detail = "Ingest is idempotent by externalId: a repeat must carry the same features and prediction. Nothing was stored.",
            Status = StatusCodes.Status409Conflict,
        });

    internal static async Task<Results<Ok<ItemResponse>, ProblemHttpResult>> Get(
        string key, string externalId, ClaimsPrincipal user, ReviewDbContext db, CancellationToken ct)
    {
        if (!user.MayAccessWorkflow(key))
            return ProblemHandling.Forbidden($"This API key is not for workflow '{key}'.");
        var item = await db.Items.AsNoTracking().FirstOrDefaultAsync(i => i.Workflow!.Key == key && i.ExternalId == externalId, ct);
        if (item is null)
            return ProblemHandling.NotFound($"No item '{externalId}' in workflow '{key}'.");
        var predictions = await db.Predictions.AsNoTracking().Where(p => p.ItemId == item.Id).OrderBy(p => p.Id).ToListAsync(ct);
        var tasks = await db.ReviewTasks.AsNoTracking().Where(t => t.ItemId == item.Id).OrderBy(t => t.Id)
            .Select(t => new ItemTaskResponse(t.Id, t.Reason, t.Status, t.Label, t.LabeledBy, t.LabeledAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new ItemResponse(
            item.Id,
            item.ExternalId,
            item.Status,
            item.Route,
            JsonDocument.Parse(item.Features).RootElement,
            item.ReceivedAt,
            item.DecisionLabel is { } label ? new DecisionResponse(label, item.DecisionSource!, item.DecidedBy, item.DecidedAt!.Value) : null,
            predictions.Select(p => new PredictionResponse(p.ModelVersion, p.Label, p.Confidence,
                p.Probabilities is null ? null : JsonSerializer.Deserialize<Dictionary<string, double>>(p.Probabilities), p.CreatedAt)).ToList(),
            tasks,
            item.OccurredAt));
    }

    internal static async Task<(Workflow? Workflow, ProblemHttpResult? Problem)> FindAsync(
        string key, ClaimsPrincipal user, ReviewDbContext db, CancellationToken ct)
    {
        if (!user.MayAccessWorkflow(key))
            return (null, ProblemHandling.Forbidden($"This API key is not for workflow '{key}'."));
        var workflow = await db.WorkflowAsync(key, ct);
        return workflow is null ? (null, WorkflowLookup.NoWorkflow(key)) : (workflow, null);
    }
}
