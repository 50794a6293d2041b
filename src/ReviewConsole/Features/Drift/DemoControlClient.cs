using System.Net.Http.Json;

namespace ReviewConsole.Features.Drift;

/// <summary>Talks to the demo simulator's control port (scripts/run.sh sets Demo:ControlUrl); absent outside the demo.</summary>
public sealed class DemoControlClient(HttpClient http)
{
    private sealed record State(bool Drifting);

    public async Task<bool?> DriftingAsync()
    {
        try
        {
            return (await http.GetFromJsonAsync<State>("drift"))?.Drifting;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public async Task<bool?> SetDriftAsync(bool on)
    {
        try
        {
            using var response = await http.PostAsync($"drift?on={(on ? "true" : "false")}", null);
            return (await response.Content.ReadFromJsonAsync<State>())?.Drifting;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}

public static class DemoControlExtensions
{
    public static WebApplicationBuilder AddDemoControl(this WebApplicationBuilder builder)
    {
        if (builder.Configuration["Demo:ControlUrl"] is { Length: > 0 } url)
            builder.Services.AddHttpClient<DemoControlClient>(c => { c.BaseAddress = new Uri(url.TrimEnd('/') + "/"); c.Timeout = TimeSpan.FromSeconds(3); });
        return builder;
    }
}
