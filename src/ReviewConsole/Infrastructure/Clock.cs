using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ReviewConsole.Infrastructure;

public static class Clock
{
    /// <summary>Time comes from <see cref="TimeProvider"/>, so tests move it instead of waiting (a test host may register its own first).</summary>
    public static WebApplicationBuilder AddClock(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
