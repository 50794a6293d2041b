using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace ReviewConsole.Infrastructure;

/// <summary>
/// The database is away, or PostgreSQL chose this transaction as a deadlock or serialization victim: the client
/// gets 503 with Retry-After (nothing was committed, so a retry is safe) and the log gets one line, not a stack
/// trace per request.
/// </summary>
internal sealed class DatabaseFaultHandler(IProblemDetailsService problems, ILogger<DatabaseFaultHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (Classify(exception) is not var (retryAfter, reason))
            return false;
        logger.LogWarning("{Method} {Path}: 503, {Reason} ({Error})", context.Request.Method, context.Request.Path, reason, exception.GetBaseException().Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Title = "Try again shortly",
                Detail = $"{reason}; nothing was stored. Retry after {retryAfter} s.",
                Status = StatusCodes.Status503ServiceUnavailable,
            },
        });
    }

    /// <summary>Seconds to wait and why, or null for an error that is not the database's.</summary>
    internal static (int RetryAfter, string Reason)? Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure }:
                    return (1, "The database resolved a conflict with a concurrent request");
                case PostgresException { SqlState: var state } when state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal)
                                                                    || state == PostgresErrorCodes.ObjectNotInPrerequisiteState:
                    return (5, "The database is unavailable");
                case PostgresException:
                    return null;
                case NpgsqlException or SocketException or TimeoutException:
                    return (5, "The database is unavailable");
            }
        }
        return null;
    }
}
