using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReviewConsole.Features.Auth;
using ReviewConsole.Infrastructure;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Core.Models;
using ReviewConsole.Data;
using ReviewConsole.Data.Models;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Features.Rollouts;

namespace ReviewConsole.Features.Models;

public static class ModelsApi
{
    public static WebApplicationBuilder AddModels(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ModelCache>();
        builder.Services.AddScoped<ModelRegistry>();
        builder.Services.AddOptions<ModelRegistryOptions>().BindConfiguration("Models");
        builder.Services.AddHostedService<TrainingWorker>();
        return builder;
    }

    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflows/{key}").WithTags("Models").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/models:train", Train).RequireAuthorization(Policies.ManageModels)
            .WithSummary("Queue a training run on human labels (202); 409 while one is queued or running.");
        group.MapGet("/models/jobs", Jobs);
        group.MapGet("/models/jobs/{id:guid}", Job);
        group.MapGet("/models", List);
        group.MapGet("/models/aliases", AliasHistory).WithSummary("Who made which version champion or challenger, newest first.");
        group.MapGet("/models/{version}", Get);
        group.MapPost("/models/{version}:alias", SetAlias).RequireAuthorization(Policies.ManageModels)
            .WithSummary("Make a built-in version the challenger (audited). The champion changes only through a rollout: POST .../rollouts.");
        return group;
    }

    internal static async Task<Results<Accepted<TrainingJobResponse>, ValidationProblem, ProblemHttpResult>> Train(
        string key, TrainRequest? request, ClaimsPrincipal user, ReviewDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Require(request?.C is null or (> 0 and <= 1e6), "c", "C (inverse regularisation strength) must be in (0, 1e6].");
        errors.Require(request?.MaxIterations is null or (>= 10 and <= 5000), "maxIterations", "Must be 10 to 5000.");
        errors.Require(request?.Trainer is null || Trainers.Requestable.Contains(request.Trainer), "trainer",
            $"One of {string.Join(", ", Trainers.Requestable)}.");
        if (errors.HasErrors)
            return TypedResults.ValidationProblem(errors);
        var workflow = await db.WorkflowAsync(key, ct);
        if (workflow is null)
            return WorkflowLookup.NoWorkflow(key);
        if (await TrainingData.RefusalAsync(db, workflow, ct) is { } refusal)
            return ProblemHandling.Unprocessable(new Dictionary<string, string[]> { ["labels"] = [refusal] }, refusal);
        var job = new TrainingJob
        {
            Id = Guid.NewGuid(),
            WorkflowId = workflow.Id,
            Status = "queued",
            Stage = "queued",
            Options = request is null ? null : JsonSerializer.Serialize(request, JsonSerializerOptions.Web),
            RequestedBy = user.Username(),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.TrainingJobs.Add(job);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            var active = await db.TrainingJobs.AsNoTracking().Where(j => j.WorkflowId == workflow.Id && (j.Status == "queued" || j.Status == "running"))
                .Select(j => j.Id).FirstOrDefaultAsync(ct);
            return ProblemHandling.Conflict($"A training job for '{key}' is already queued or running ({active}); wait for it to finish.");
        }
        return TypedResults.Accepted($"/api/v1/workflows/{key}/models/jobs/{job.Id}", job.ToContract(key, null));
    }

    internal static async Task<Results<Ok<List<TrainingJobResponse>>, ProblemHttpResult>> Jobs(string key, ReviewDbContext db, CancellationToken ct)
    {
        if (await db.WorkflowAsync(key, ct) is not { } workflow)
            return WorkflowLookup.NoWorkflow(key);
        var jobs = await db.TrainingJobs.AsNoTracking()
            .Where(j => j.WorkflowId == workflow.Id)
            .OrderByDescending(j => j.CreatedAt).Take(20)
            .Select(j => new { Job = j, Version = db.ModelVersions.Where(m => m.Id == j.ModelVersionId).Select(m => m.Version).FirstOrDefault() })
            .ToListAsync(ct);
        return TypedResults.Ok(jobs.Select(j => j.Job.ToContract(key, j.Version)).ToList());
    }

    internal static async Task<Results<Ok<TrainingJobResponse>, ProblemHttpResult>> Job(string key, Guid id, ReviewDbContext db, CancellationToken ct)
    {
        var job = await db.TrainingJobs.AsNoTracking()
            .Where(j => j.Id == id && db.Workflows.Any(w => w.Id == j.WorkflowId && w.Key == key))
            .Select(j => new { Job = j, Version = db.ModelVersions.Where(m => m.Id == j.ModelVersionId).Select(m => m.Version).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        return job is null ? ProblemHandling.NotFound($"No training job {id} for '{key}'.") : TypedResults.Ok(job.Job.ToContract(key, job.Version));
    }

    internal static async Task<Results<Ok<List<ModelSummaryResponse>>, ProblemHttpResult>> List(string key, ReviewDbContext db, CancellationToken ct)
    {
        var workflow = await db.WorkflowAsync(key, ct);
        if (workflow is null)
            return WorkflowLookup.NoWorkflow(key);
        var versions = await db.ModelVersions.AsNoTracking().Where(m => m.WorkflowId == workflow.Id).OrderByDescending(m => m.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(versions.Select(v => v.ToSummary(workflow)).ToList());
    }

    internal static async Task<Results<Ok<List<AliasChangeResponse>>, ProblemHttpResult>> AliasHistory(string key, ReviewDbContext db, CancellationToken ct)
    {
        if (await db.WorkflowAsync(key, ct) is not { } workflow)
            return WorkflowLookup.NoWorkflow(key);
        return TypedResults.Ok(await db.ModelAliasChanges.AsNoTracking()
            .Where(c => c.WorkflowId == workflow.Id)
            .OrderByDescending(c => c.Id).Take(50)
            .Select(c => new AliasChangeResponse(c.Alias, c.FromVersion, c.ToVersion, c.Actor, c.At))
            .ToListAsync(ct));
    }

    internal static async Task<Results<Ok<ModelDetailResponse>, ProblemHttpResult>> Get(string key, string version, ReviewDbContext db, CancellationToken ct)
    {
        var workflow = await db.WorkflowAsync(key, ct);
        var model = workflow is null ? null : await db.ModelVersions.AsNoTracking().FirstOrDefaultAsync(m => m.WorkflowId == workflow.Id && m.Version == version, ct);
        return model is null
            ? ProblemHandling.NotFound($"No model version '{version}' in workflow '{key}'.")
            : TypedResults.Ok(new ModelDetailResponse(model.ToSummary(workflow!), model.Metrics(), model.Card()));
    }

    /// <summary>The strategy of a rollout in progress beside the champion (shadow, canary, blue-green: the challenger alias names its version), or null.</summary>
    internal static Task<string?> RunningWithChallengerAsync(ReviewDbContext db, int workflowId, CancellationToken ct) =>
        db.Rollouts.AsNoTracking().InProgress(workflowId).Where(r => r.Strategy != RolloutStrategies.Single).Select(r => r.Strategy).FirstOrDefaultAsync(ct);

    internal static async Task<Results<Ok<ModelSummaryResponse>, ValidationProblem, ProblemHttpResult>> SetAlias(
        string key, string version, SetAliasRequest request, ClaimsPrincipal user, ReviewDbContext db, ModelRegistry registry, CancellationToken ct)
    {
        if (request.Alias is not (ModelAliases.Champion or ModelAliases.Challenger))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["alias"] = ["Alias must be 'champion' or 'challenger'."] });
        if (request.Alias == ModelAliases.Champion)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["alias"] = [$"The champion changes only through a rollout, with a justification: POST /api/v1/workflows/{key}/rollouts " +
                             "{ \"strategy\": \"single\", \"challenger\": \"" + Core.Schema.StorableText.Echo(version) + "\", \"justification\": \"...\" }."],
            });
        var workflow = await db.WorkflowAsync(key, ct);
        var model = workflow is null ? null : await db.ModelVersions.AsNoTracking().FirstOrDefaultAsync(m => m.WorkflowId == workflow.Id && m.Version == version, ct);
        if (model is null)
            return ProblemHandling.NotFound($"No model version '{version}' in workflow '{key}'.");
        if (await RunningWithChallengerAsync(db, workflow!.Id, ct) is { } rollout)
            return ProblemHandling.Conflict($"A {rollout} is evaluating the challenger; end it (promote or abandon) before changing the challenger.");
        if (request.Alias == ModelAliases.Challenger && model.Kind != ModelKinds.BuiltIn)
            return ProblemHandling.Unprocessable(new Dictionary<string, string[]> { ["alias"] = ["Only a built-in model can be the challenger: it scores items in-process."] },
                "An external model cannot score items silently.");
        await registry.SetAliasAsync(workflow!, request.Alias, model, user.Username(), ct);
        var updated = await db.Workflows.AsNoTracking().FirstAsync(w => w.Id == workflow!.Id, ct);
        return TypedResults.Ok(model.ToSummary(updated));
    }
}
