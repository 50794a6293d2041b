using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ReviewConsole.Infrastructure;

public static class ProblemHandling
{
    public static WebApplicationBuilder AddProblemHandling(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<DatabaseFaultHandler>();
        // Let malformed bodies reach BadRequestExceptionHandler, which names the offending field.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new StorableStringConverter()));
        return builder;
    }

    public static WebApplication UseProblemHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        // JSON bodies of the API stay readable after a parse error, so the error can name the exact value at fault.
        app.Use((context, next) =>
        {
            if (IsApi(context.Request) && context.Request.HasJsonContentType())
                context.Request.EnableBuffering(bufferThreshold: MemoryBufferedBody);
            return next(context);
        });
        // The API answers every error as problem+json; a person's browser gets the console's own page instead.
        app.UseWhen(context => IsApi(context.Request), api => api.UseStatusCodePages());
        app.UseWhen(context => !IsApi(context.Request), pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        return app;
    }

    /// <summary>Bodies up to this size stay in memory when buffered (Kestrel's own limit on a body is 30 MB).</summary>
    internal const int MemoryBufferedBody = 32 * 1024 * 1024;

    /// <summary>Requests of the HTTP API, the hub and the health probes, as opposed to the console's pages.</summary>
    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs")
        || request.Path.StartsWithSegments("/openapi") || request.Path.StartsWithSegments("/healthz") || request.Path.StartsWithSegments("/readyz");

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(title: "Not found", detail: what, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(title: "Conflict", detail: detail, statusCode: StatusCodes.Status409Conflict);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(title: "Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden);

    public static ProblemHttpResult Unprocessable(IDictionary<string, string[]> errors, string detail) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Title = "The request cannot be applied",
            Detail = detail,
            Status = StatusCodes.Status422UnprocessableEntity,
        });
}

/// <summary>Turns unreadable request bodies into a 400 problem naming the JSON path at fault.</summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"(?:[^\"]*\\s)?(?<name>\\w+)\" from \"(?<value>[^\"]*)\"")]
    private static partial System.Text.RegularExpressions.Regex BoundParameter();

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
            return false;
        var field = "body";
        var message = badRequest.Message;
        for (var inner = badRequest.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                field = FieldFromPath(await PreciseJsonPathAsync(context, json) ?? json.Path);
                message = json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
                    ? "This value has the wrong JSON type or format."
                    : json.Message.StartsWith(Core.Schema.StorableText.Problem, StringComparison.Ordinal)
                        ? Core.Schema.StorableText.Problem
                        : json.Message.Split(" Path:", 2)[0];
                break;
            }
        }
        if (badRequest.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal))
            message = "A JSON request body is required.";
        // Route and query values: 'Failed to bind parameter "DateTimeOffset? currentFrom" from "yesterday".'
        else if (BoundParameter().Match(badRequest.Message) is { Success: true } bound)
            (field, message) = (System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(bound.Groups["name"].Value),
                $"'{bound.Groups["value"].Value}' is not a valid value here.");
        else if (badRequest.Message.StartsWith("Required parameter", StringComparison.Ordinal))
            message = "A JSON request body is required.";

        context.Response.StatusCode = badRequest.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Title = "The request body could not be read",
                Status = badRequest.StatusCode,
            },
        });
    }

    /// <summary>For malformed JSON (not a well-formed value of the wrong type), the path of the token the reader refuses.</summary>
    private static async Task<string?> PreciseJsonPathAsync(HttpContext context, JsonException json)
    {
        var body = context.Request.Body;
        if (json.BytePositionInLine is null || !body.CanSeek || body.Length > PreciseBodyLimit)
            return null;
        try
        {
            // Only what is already buffered: the serializer stopped reading at the error, so this never waits on the client.
            body.Position = 0;
            var buffer = new byte[body.Length];
            await body.ReadExactlyAsync(buffer, context.RequestAborted);
            return JsonErrorLocator.Locate(buffer) is { } located && located.StartsWith(json.Path ?? "$", StringComparison.Ordinal) ? located : null;
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException or OperationCanceledException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Larger bodies are reported at the serializer's own path.</summary>
    private const int PreciseBodyLimit = 4 * 1024 * 1024;

    // "$.items[3].prediction.confidence" -> "items[3].prediction.confidence"
    private static string FieldFromPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$').TrimStart('.');
}
