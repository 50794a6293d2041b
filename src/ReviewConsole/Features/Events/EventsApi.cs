using Microsoft.AspNetCore.Http.HttpResults;
using ReviewConsole.Features.Auth;
using ReviewConsole.Contracts.Events;

namespace ReviewConsole.Features.Events;

public static class EventsApi
{
    public static WebApplicationBuilder AddConsoleEvents(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LiveEvents>();
        builder.Services.AddSingleton<EventBroadcaster>();
        builder.Services.AddHostedService<EventListener>();
        builder.Services.AddSingleton<EventOutbox>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EventOutbox>());
        builder.Services.AddSingleton<EventCommitInterceptor>();
        builder.Services.AddSignalR();
        builder.Services.AddHostedService<EventsHubRelay>();
        return builder;
    }

    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/events").WithTags("Events").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/", Stream).WithSummary("Server-sent events of every state change, optionally for one workflow.");
        return group;
    }

    /// <summary>The SignalR hub beside the HTTP API (not under /api/v1): same events, same authorization.</summary>
    public static IEndpointRouteBuilder MapEventsHub(this IEndpointRouteBuilder app)
    {
        // A connection ends when its bearer token does, like every other API call.
        app.MapHub<EventsHub>(EventsHub.Path, o => o.CloseOnAuthenticationExpiration = true);
        return app;
    }

    internal static ServerSentEventsResult<ConsoleEvent> Stream(string? workflow, EventBroadcaster broadcaster, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(broadcaster.Subscribe(string.IsNullOrWhiteSpace(workflow) ? null : workflow, cancellationToken));
}
