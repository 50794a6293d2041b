using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Data;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Infrastructure;

/// <summary>The one way a handler finds the workflow named in its route, and the one 404 when there is none.</summary>
public static class WorkflowLookup
{
    public static Task<Workflow?> WorkflowAsync(this ReviewDbContext db, string key, CancellationToken ct) =>
        db.Workflows.AsNoTracking().FirstOrDefaultAsync(w => w.Key == key, ct);

    public static ProblemHttpResult NoWorkflow(string key) =>
        ProblemHandling.NotFound($"No workflow '{(key.Length <= 64 ? key : key[..64] + "…")}'.");
}
