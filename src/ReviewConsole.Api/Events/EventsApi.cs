using Microsoft.AspNetCore.Http.HttpResults;
using ReviewConsole.Api.Auth;
using ReviewConsole.Contracts.Events;

namespace ReviewConsole.Api.Events;

public static class EventsApi
{
    public static WebApplicationBuilder AddConsoleEvents(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EventBroadcaster>();
        builder.Services.AddHostedService<EventListener>();
        return builder;
    }

    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/events").WithTags("Events").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/", Stream).WithSummary("Server-sent events of every state change, optionally for one workflow.");
        return group;
    }

    private static ServerSentEventsResult<ConsoleEvent> Stream(string? workflow, EventBroadcaster broadcaster, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(broadcaster.Subscribe(string.IsNullOrWhiteSpace(workflow) ? null : workflow, cancellationToken));
}
