using Scalar.AspNetCore;

namespace ReviewConsole.Infrastructure;

public static class ApiReference
{
    public static WebApplicationBuilder AddApiReference(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>The OpenAPI document at /openapi/v1.json and an interactive reference (Scalar) at /scalar/v1.</summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(o => o.WithTitle("ReviewConsole API"));
        return app;
    }
}
