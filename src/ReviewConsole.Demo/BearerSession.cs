using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ReviewConsole.Contracts.Auth;

namespace ReviewConsole.Demo;

/// <summary>
/// Keeps a person's bearer token fresh for a long-running client: access tokens live 15 minutes, so the session
/// trades its refresh token for new ones a minute before expiry, and signs in again if the refresh is refused
/// (the user signed out everywhere, or their roles changed) or a call answers 401.
/// </summary>
public sealed class BearerSession(Uri api, string user, string password) : DelegatingHandler(new HttpClientHandler())
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);
    private readonly HttpClient _auth = new() { BaseAddress = api };
    private readonly SemaphoreSlim _lock = new(1, 1);
    private LoginResponse? _tokens;
    private DateTimeOffset _renewAt;

    /// <summary>An HTTP client whose every call carries a valid token of the user.</summary>
    public static HttpClient Client(Uri api, string user, string password) => new(new BearerSession(api, user, password)) { BaseAddress = api };

    /// <summary>A valid access token, for clients that cannot use the handler (the SignalR connection).</summary>
    public async Task<string> AccessTokenAsync(CancellationToken ct) => (await TokensAsync(renew: false, ct)).AccessToken;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (await TokensAsync(renew: false, ct)).AccessToken);
        var response = await base.SendAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.Unauthorized || request.Content is not null and not JsonContent)
            return response;
        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (await TokensAsync(renew: true, ct)).AccessToken);
        return await base.SendAsync(request, ct);
    }

    private async Task<LoginResponse> TokensAsync(bool renew, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            if (_tokens is { } current && !renew && DateTimeOffset.UtcNow < _renewAt)
                return current;
            var refreshed = _tokens?.RefreshToken is { } refresh && !renew
                ? await _auth.PostAsJsonAsync("api/v1/auth/refresh", new RefreshRequest(refresh), JsonSerializerOptions.Web, ct)
                : null;
            if (refreshed is not { IsSuccessStatusCode: true })
                refreshed = await _auth.PostAsJsonAsync("api/v1/auth/login", new LoginRequest(user, password), JsonSerializerOptions.Web, ct);
            refreshed.EnsureSuccessStatusCode();
            _tokens = (await refreshed.Content.ReadFromJsonAsync<LoginResponse>(JsonSerializerOptions.Web, ct))!;
            _renewAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(_tokens.ExpiresIn) - Margin;
            return _tokens;
        }
        finally
        {
            _lock.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _auth.Dispose();
            _lock.Dispose();
        }
        base.Dispose(disposing);
    }
}
