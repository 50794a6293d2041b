using Microsoft.Extensions.Options;
using ReviewConsole.Features.Webhooks;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Features.Auth;
using ReviewConsole.Features.Automation;
using ReviewConsole.Infrastructure;
using ReviewConsole.Data.Automation;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Contracts.Workflows;
using ReviewConsole.Core.Ladder;
using ReviewConsole.Core.Routing;
using ReviewConsole.Core.Schema;
using ReviewConsole.Data;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Features.Workflows;

public static class WorkflowsApi
{
    public const int DefaultLeaseSeconds = 300;
    public const int DefaultEscalationPriority = 10;

    public static RouteGroupBuilder MapWorkflowsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflows").WithTags("Workflows").RequireAuthorization(Policies.SignedIn);
        group.MapPost("/", Create).RequireAuthorization(Policies.ManageModels);
        group.MapGet("/", List);
        group.MapGet("/{key}", Get);
        return group;
    }

    internal static async Task<Results<Created<WorkflowResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateWorkflowRequest request, ClaimsPrincipal user, ReviewDbContext db, IOptions<WebhookOptions> webhooks, CancellationToken ct)
    {
        var errors = WorkflowValidation.Validate(request);
        GateSettingsMapping.Validate(request.Gates, "gates", errors);
        if (Uri.TryCreate(request.CallbackUrl, UriKind.Absolute, out var callback) && CallbackGuard.PointsInward(callback)
            && !CallbackGuard.IsAllowedHost(callback.Host, webhooks.Value))
            errors.Add("callbackUrl", "Points at a loopback or private address; an operator may allow the host in Webhooks:AllowedHosts.");
        if (errors.HasErrors)
            return TypedResults.ValidationProblem(errors);
        Wire.TryParse<Criticality>(request.Criticality, out var criticality);
        if (!user.IsInRole(Roles.Admin) && GateSettingsMapping.BelowFloors(request.Gates, criticality, "gates.") is { Count: > 0 } below)
            return GateSettingsMapping.FloorsRefused(below, criticality);
        if (await db.Workflows.AnyAsync(w => w.Key == request.Key, ct))
            return ProblemHandling.Conflict($"Workflow '{request.Key}' already exists.");

        Wire.TryParse<AutomationLevel>(request.Level ?? "manual", out var level);
        var workflow = new Workflow
        {
            Key = request.Key!,
            Name = request.Name!.Trim(),
            Labels = [.. request.Labels!],
            FeatureSchema = WorkflowMapping.SerializeFields(request.Features!.Select(f =>
                new FeatureField(f!.Name!, Wire.TryParse<FeatureType>(f.Type, out var t) ? t : FeatureType.Text))),
            Criticality = criticality.ToWire(),
            SliceFeature = request.SliceFeature,
            Level = level.ToWire(),
            Threshold = request.Threshold,
            CallbackUrl = request.CallbackUrl,
            PartialAuditRate = request.Queue?.PartialAuditRate ?? RoutingPolicy.DefaultPartialAuditRate,
            FullAuditRate = request.Queue?.FullAuditRate ?? RoutingPolicy.DefaultFullAuditRate,
            AuditPriority = request.Queue?.AuditPriority ?? 0,
            EscalationPriority = request.Queue?.EscalationPriority ?? DefaultEscalationPriority,
            LeaseSeconds = request.Queue?.LeaseSeconds ?? DefaultLeaseSeconds,
            GateOverrides = GateSettingsMapping.Serialize(request.Gates),
            CreatedBy = user.Username(),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Workflows.Add(workflow);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return ProblemHandling.Conflict($"Workflow '{request.Key}' already exists.");
        }
        // Overrides given at creation are audited like any later change.
        if (workflow.GateOverrides is not null)
        {
            db.GateChanges.Add(new GateChange
            {
                WorkflowId = workflow.Id,
                Actor = user.Username(),
                Justification = request.Gates!.Justification?.Trim() is { Length: > 0 } why ? why : "Set when the workflow was created.",
                ToOverrides = workflow.GateOverrides,
                BelowDefaults = GateSettingsMapping.BelowFloors(request.Gates, criticality, "").Count > 0,
                At = workflow.CreatedAt,
            });
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/workflows/{workflow.Key}", workflow.ToContract());
    }

    internal static async Task<Ok<List<WorkflowSummary>>> List(ReviewDbContext db, CancellationToken ct)
    {
        var workflows = await db.Workflows.AsNoTracking().OrderBy(w => w.Name).ToListAsync(ct);
        var stats = await WorkflowStatsQuery.ForAllAsync(db, ct);
        return TypedResults.Ok(workflows
            .Select(w => new WorkflowSummary(w.ToContract(), stats.GetValueOrDefault(w.Id, WorkflowStatsQuery.Empty)))
            .ToList());
    }

    internal static async Task<Results<Ok<WorkflowResponse>, ProblemHttpResult>> Get(string key, ReviewDbContext db, CancellationToken ct) =>
        await db.WorkflowAsync(key, ct) is { } workflow
            ? TypedResults.Ok(workflow.ToContract())
            : WorkflowLookup.NoWorkflow(key);
}
