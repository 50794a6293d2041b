using MudBlazor.Services;
using ReviewConsole.Components.Console;
using ReviewConsole.Features.Auth;

namespace ReviewConsole.Components;

public static class ConsoleExtensions
{
    /// <summary>The Blazor Server console: MudBlazor, and pages that call the feature handlers in process.</summary>
    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // Toasts at the bottom right, clear of the header and its sign-out button.
        builder.Services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        builder.Services.AddSingleton<EndpointPolicies>();
        builder.Services.AddScoped<ConsoleApi>();
        return builder;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapConsoleAccount();
        // SecurityHeaders sends the console's whole policy, frame-ancestors included: no second CSP header from Blazor.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
