namespace ReviewConsole.Web.Api;

public static class ApiExtensions
{
    public const string AnonymousClient = "api-anonymous";

    public static WebApplicationBuilder AddConsoleApi(this WebApplicationBuilder builder)
    {
        var baseUrl = builder.Configuration["Api:BaseUrl"];
        if (string.IsNullOrWhiteSpace(baseUrl) || !Uri.TryCreate(baseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri))
            throw new InvalidOperationException("Api:BaseUrl (environment: Api__BaseUrl) must be the Api's absolute URL, e.g. http://127.0.0.1:5080.");

        builder.Services.AddHttpClient<ApiClient>(c => { c.BaseAddress = baseUri; c.Timeout = TimeSpan.FromSeconds(15); });
        builder.Services.AddHttpClient(AnonymousClient, c => { c.BaseAddress = baseUri; c.Timeout = TimeSpan.FromSeconds(15); });
        builder.Services.AddHttpClient(ApiEventStream.HttpClientName, c => { c.BaseAddress = baseUri; c.Timeout = Timeout.InfiniteTimeSpan; });
        builder.Services.AddSingleton<TokenPool>();
        builder.Services.AddSingleton<LiveEvents>();
        builder.Services.AddHostedService<ApiEventStream>();
        return builder;
    }
}
