using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Data;

namespace ReviewConsole.Features.Health;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "up" })).WithTags("Health").AllowAnonymous();
        app.MapGet("/readyz", Ready).WithTags("Health").AllowAnonymous();
        return app;
    }

    internal static async Task<Results<Ok<object>, ProblemHttpResult>> Ready(ReviewDbContext db, CancellationToken ct)
    {
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            return pending.Count == 0
                ? TypedResults.Ok<object>(new { status = "ready" })
                : TypedResults.Problem($"Migrations not applied: {string.Join(", ", pending)}", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
        {
            return TypedResults.Problem("The database is unreachable.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
