using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Core.Schema;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Features.Auth;
using ReviewConsole.Features.Automation;
using ReviewConsole.Infrastructure;
using ReviewConsole.Contracts.Review;
using ReviewConsole.Core.Routing;
using ReviewConsole.Data;
using ReviewConsole.Data.Review;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Review;

public static class ReviewApi
{
    public static WebApplicationBuilder AddReview(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ReviewQueue>();
        return builder;
    }

    public static RouteGroupBuilder MapReviewApi(this RouteGroupBuilder api)
    {
        // Anyone signed in reads the queue (managers watch the backlog); only reviewers work it.
        api.MapGet("/workflows/{key}/queue", Snapshot).WithTags("Review queue").RequireAuthorization(Policies.SignedIn)
            .WithSummary("Waiting, who is reviewing, next up.");
        var group = api.MapGroup("/").WithTags("Review queue").RequireAuthorization(Policies.Review);
        group.MapPost("/workflows/{key}/tasks:claim", Claim)
            .WithSummary("Lease the next task (oldest first, audits by priority); ?queue=escalations (ML leads, admins) works escalated items. 204 when nothing waits.");
        group.MapPost("/tasks/{taskId:long}/label", Label);
        group.MapPost("/tasks/{taskId:long}/correct", Correct)
            .WithSummary($"Correct your own label within {CorrectionResponse.CorrectionWindowSeconds / 60} minutes of giving it; the original is kept beside it.");
        group.MapPost("/tasks/{taskId:long}:release", Release);
        group.MapPost("/tasks/{taskId:long}:skip", Skip);
        group.MapPost("/tasks/{taskId:long}:escalate", Escalate);
        group.MapPost("/tasks/{taskId:long}:renew", Renew).WithSummary("Extend the lease while the reviewer's page is open.");
        return group;
    }

    internal static async Task<Results<Ok<ClaimResponse>, NoContent, ValidationProblem, ProblemHttpResult>> Claim(
        string key, ClaimsPrincipal user, ReviewDbContext db, ReviewQueue queue, CancellationToken ct, [FromQuery(Name = "queue")] string? from = null)
    {
        if (from is not (null or ReviewQueues.General or ReviewQueues.Escalations))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["queue"] = [$"'{StorableText.Echo(from)}' is not a queue; use {ReviewQueues.General} or {ReviewQueues.Escalations}."],
            });
        var escalations = from == ReviewQueues.Escalations;
        if (escalations && !(user.IsInRole(Roles.MlLead) || user.IsInRole(Roles.Admin)))
            return ProblemHandling.Forbidden("The escalation queue is worked by ML leads and admins.");
        var workflow = await db.WorkflowAsync(key, ct);
        if (workflow is null)
            return WorkflowLookup.NoWorkflow(key);
        return await queue.ClaimAsync(workflow, user.Username(), escalations, ct) is { } claim ? TypedResults.Ok(claim) : TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<QueueSnapshot>, ProblemHttpResult>> Snapshot(string key, ReviewDbContext db, ReviewQueue queue, CancellationToken ct)
    {
        var workflow = await db.WorkflowAsync(key, ct);
        return workflow is null ? WorkflowLookup.NoWorkflow(key) : TypedResults.Ok(await queue.SnapshotAsync(workflow, ct));
    }

    internal static async Task<Results<Ok<LabelResponse>, ValidationProblem, ProblemHttpResult>> Label(
        long taskId, LabelRequest request, ClaimsPrincipal user, ReviewDbContext db, ReviewQueue queue, AutomationService automation, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrEmpty(request.Label), "label", "Label is required.");
        errors.Require(request.LeaseToken is not null, "leaseToken", "The lease token from the claim is required.");
        if (errors.HasErrors)
            return TypedResults.ValidationProblem(errors);
        var (task, workflow) = await FindAsync(taskId, db, ct);
        if (task is null || workflow is null)
            return ProblemHandling.NotFound($"No task {taskId}.");
        if (!workflow.Labels.Contains(request.Label))
            return ProblemHandling.Unprocessable(
                new Dictionary<string, string[]> { ["label"] = [$"'{request.Label}' is not a label of workflow '{workflow.Key}'. Labels: {string.Join(", ", workflow.Labels)}."] },
                "The label is outside the workflow's label set.");
        var (outcome, decided) = await queue.LabelAsync(task, workflow, request.Label!, request.LeaseToken!.Value, user.Username(), ct);
        if (outcome != LeaseOutcome.Done)
            return LeaseLost(task);
        if (task.Reason == RouteReason.AuditSample.ToWire())
            await automation.CheckGuardrailAsync(workflow.Id, ct);
        return TypedResults.Ok(new LabelResponse(task.Id, task.ItemId, request.Label!, decided));
    }

    internal static async Task<Results<Ok<CorrectionResponse>, ValidationProblem, ProblemHttpResult>> Correct(
        long taskId, CorrectLabelRequest request, ClaimsPrincipal user, ReviewDbContext db, ReviewQueue queue, AutomationService automation, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.Label))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["label"] = ["Label is required."] });
        var (task, workflow) = await FindAsync(taskId, db, ct);
        if (task is null || workflow is null)
            return ProblemHandling.NotFound($"No task {taskId}.");
        if (!workflow.Labels.Contains(request.Label))
            return ProblemHandling.Unprocessable(
                new Dictionary<string, string[]> { ["label"] = [$"'{StorableText.Echo(request.Label)}' is not a label of workflow '{workflow.Key}'."] },
                "The label is outside the workflow's label set.");
        if (task.Status != TaskStatuses.Done || task.LabeledBy != user.Username())
            return ProblemHandling.Forbidden("Only the reviewer who labelled a task may correct it.");
        if (await queue.CorrectAsync(task, workflow, request.Label, user.Username(), ct) is not { } correction)
            return task.Label == request.Label
                ? ProblemHandling.Conflict($"The task is already labelled '{request.Label}'.")
                : ProblemHandling.Conflict($"Labels can be corrected within {CorrectionResponse.CorrectionWindowSeconds / 60} minutes of labelling; ask an ML lead to re-review the item.");
        if (task.Reason == RouteReason.AuditSample.ToWire())
            await automation.CheckGuardrailAsync(workflow.Id, ct);
        return TypedResults.Ok(correction);
    }

    internal static Task<Results<Ok<LeaseResponse>, ValidationProblem, ProblemHttpResult>> Release(
        long taskId, LeaseRequest request, ClaimsPrincipal user, ReviewDbContext db, ReviewQueue queue, CancellationToken ct) =>
        ReturnToQueue(taskId, request.LeaseToken, db, ct, (task, workflow, token) => queue.ReleaseAsync(task, workflow.Key, token, user.Username(), ct));

    internal static Task<Results<Ok<LeaseResponse>, ValidationProblem, ProblemHttpResult>> Skip(
        long taskId, LeaseRequest request, ClaimsPrincipal user, ReviewDbContext db, ReviewQueue queue, CancellationToken ct) =>
        ReturnToQueue(taskId, request.LeaseToken, db, ct, (task, workflow, token) => queue.SkipAsync(task, workflow.Key, token, user.Username(), ct));

    internal static Task<Results<Ok<LeaseResponse>, ValidationProblem, ProblemHttpResult>> Escalate(
        long taskId, EscalateRequest request, ClaimsPrincipal user, ReviewDbContext db, ReviewQueue queue, CancellationToken ct) =>
        request.Note is { Length: > 2000 }
            ? Task.FromResult<Results<Ok<LeaseResponse>, ValidationProblem, ProblemHttpResult>>(
                TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["note"] = ["At most 2000 characters."] }))
            : ReturnToQueue(taskId, request.LeaseToken, db, ct,
                (task, workflow, token) => queue.EscalateAsync(task, workflow, token, user.Username(), request.Note, ct));

    internal static async Task<Results<Ok<LeaseResponse>, ValidationProblem, ProblemHttpResult>> Renew(
        long taskId, LeaseRequest request, ClaimsPrincipal user, ReviewDbContext db, ReviewQueue queue, CancellationToken ct)
    {
        if (request.LeaseToken is not { } token)
            return MissingToken();
        var (task, workflow) = await FindAsync(taskId, db, ct);
        if (task is null || workflow is null)
            return ProblemHandling.NotFound($"No task {taskId}.");
        return await queue.RenewAsync(task, workflow.LeaseSeconds, token, user.Username(), ct) is { } expiry
            ? TypedResults.Ok(new LeaseResponse(task.Id, expiry))
            : LeaseLost(task);
    }

    internal static async Task<Results<Ok<LeaseResponse>, ValidationProblem, ProblemHttpResult>> ReturnToQueue(
        long taskId, Guid? leaseToken, ReviewDbContext db, CancellationToken ct, Func<ReviewTask, Workflow, Guid, Task<LeaseOutcome>> action)
    {
        if (leaseToken is not { } token)
            return MissingToken();
        var (task, workflow) = await FindAsync(taskId, db, ct);
        if (task is null || workflow is null)
            return ProblemHandling.NotFound($"No task {taskId}.");
        return await action(task, workflow, token) == LeaseOutcome.Done
            ? TypedResults.Ok(new LeaseResponse(task.Id, DateTimeOffset.UtcNow))
            : LeaseLost(task);
    }

    internal static async Task<(ReviewTask? Task, Workflow? Workflow)> FindAsync(long taskId, ReviewDbContext db, CancellationToken ct)
    {
        var task = await db.ReviewTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is null)
            return (null, null);
        return (task, await db.Workflows.AsNoTracking().FirstAsync(w => w.Id == task.WorkflowId, ct));
    }

    private static ValidationProblem MissingToken() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["leaseToken"] = ["The lease token from the claim is required."] });

    private static ProblemHttpResult LeaseLost(ReviewTask task) => ProblemHandling.Conflict(task.Status == TaskStatuses.Done
        ? $"Task {task.Id} is already done."
        : $"You no longer hold the lease on task {task.Id}: it expired or was released. Claim the next task.");
}
