using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Features.Auth;
using ReviewConsole.Infrastructure;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Data;

namespace ReviewConsole.Features.Automation;

public static class AlertsApi
{
    public static RouteGroupBuilder MapAlertsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workflows/{key}/alerts").WithTags("Alerts").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/", List);
        group.MapPost("/{id:long}:acknowledge", Acknowledge).RequireAuthorization(Policies.ManageModels);
        return group;
    }

    internal static async Task<Results<Ok<List<AlertResponse>>, ProblemHttpResult>> List(string key, bool? open, ReviewDbContext db, CancellationToken ct)
    {
        if (await db.WorkflowAsync(key, ct) is not { } workflow)
            return WorkflowLookup.NoWorkflow(key);
        return TypedResults.Ok(await db.Alerts.AsNoTracking()
            .Where(a => a.WorkflowId == workflow.Id && (open != true || a.AcknowledgedAt == null))
            .OrderByDescending(a => a.Id)
            .Take(100)
            .Select(a => new AlertResponse(a.Id, key, a.Kind, a.Severity, a.Message, a.CreatedAt, a.AcknowledgedBy, a.AcknowledgedAt))
            .ToListAsync(ct));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Acknowledge(string key, long id, ClaimsPrincipal user, ReviewDbContext db, CancellationToken ct)
    {
        var actor = user.Username();
        var updated = await db.Alerts
            .Where(a => a.Id == id && a.AcknowledgedAt == null && db.Workflows.Any(w => w.Id == a.WorkflowId && w.Key == key))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.AcknowledgedBy, actor).SetProperty(a => a.AcknowledgedAt, DateTimeOffset.UtcNow), ct);
        return updated == 1 ? TypedResults.NoContent() : ProblemHandling.NotFound($"No open alert {id} on workflow '{key}'.");
    }
}
