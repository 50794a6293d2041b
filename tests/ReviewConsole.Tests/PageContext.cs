using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using ReviewConsole.Components.Console;
using ReviewConsole.Features.Events;

namespace ReviewConsole.Tests;

/// <summary>
/// Renders console pages with bUnit against the real host of <see cref="ApiFixture"/>: the pages' ConsoleApi
/// runs the real handlers on the real PostgreSQL, authorized by the host's real policies, for the user that
/// a test signs in with <see cref="SignIn"/>. Disposed asynchronously (MudBlazor services are IAsyncDisposable).
/// </summary>
public abstract class PageContext : BunitContext, IAsyncLifetime
{
    protected PageContext(ApiFixture api)
    {
        // The pages query a real PostgreSQL on a small, busy machine: a second (bUnit's default) is not enough.
        DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        Api = api;
        var host = api.Factory.Services;
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton(host.GetRequiredService<LiveEvents>());
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(host.GetRequiredService<ReviewConsole.Features.Drift.DriftWindowResolver>());
        Services.AddScoped(sp => new ConsoleApi(host.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<AuthenticationStateProvider>(), host.GetRequiredService<EndpointPolicies>(), TimeProvider.System));
        Authorization = AddAuthorization();
    }

    protected ApiFixture Api { get; }

    protected BunitAuthorizationContext Authorization { get; }

    /// <summary>Signs the page's user in: an existing user of the host, with these roles.</summary>
    protected void SignIn(string username, params string[] roles)
    {
        Authorization.SetAuthorized(username);
        Authorization.SetRoles(roles);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
