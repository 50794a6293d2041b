using System.Net.Http.Json;

namespace ReviewConsole.Features.Demo;

/// <summary>Talks to the demo simulator's control port (scripts/run.sh sets Demo:ControlUrl); absent outside the demo.</summary>
public sealed class DemoControlClient(HttpClient http)
{
    private sealed record DriftState(bool Drifting);

    /// <param name="Mode">off, better or worse.</param>
    public sealed record NextModelState(string Mode, string Version);

    public async Task<bool?> DriftingAsync() => (await GetAsync<DriftState>("drift"))?.Drifting;

    public async Task<bool?> SetDriftAsync(bool on) => (await PostAsync<DriftState>($"drift?on={(on ? "true" : "false")}"))?.Drifting;

    /// <summary>The demo's second external model version: whether the simulator sends it, and how good it is.</summary>
    public Task<NextModelState?> NextModelAsync() => GetAsync<NextModelState>("next-model");

    public Task<NextModelState?> SetNextModelAsync(string mode) => PostAsync<NextModelState>($"next-model?mode={Uri.EscapeDataString(mode)}");

    /// <summary>Null when the simulator is not running (its control port does not answer).</summary>
    private async Task<T?> GetAsync<T>(string path) where T : class
    {
        try
        {
            return await http.GetFromJsonAsync<T>(path);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private async Task<T?> PostAsync<T>(string path) where T : class
    {
        try
        {
            using var response = await http.PostAsync(path, null);
            return await response.Content.ReadFromJsonAsync<T>();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
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
