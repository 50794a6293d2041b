using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Components.Authorization;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Contracts.Dashboard;
using ReviewConsole.Contracts.Drift;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Contracts.Review;
using ReviewConsole.Contracts.Workflows;

namespace ReviewConsole.Web.Api;

/// <summary>The Api as the signed-in user sees it: every call carries that user's bearer token.</summary>
public sealed class ApiClient(HttpClient http, AuthenticationStateProvider authentication, TokenPool tokens)
{
    public Task<ApiResponse<List<WorkflowSummary>>> WorkflowsAsync(CancellationToken ct = default) =>
        SendAsync<List<WorkflowSummary>>(HttpMethod.Get, "api/v1/workflows", null, ct);

    public Task<ApiResponse<WorkflowResponse>> WorkflowAsync(string key, CancellationToken ct = default) =>
        SendAsync<WorkflowResponse>(HttpMethod.Get, $"api/v1/workflows/{Uri.EscapeDataString(key)}", null, ct);

    public Task<ApiResponse<QueueSnapshot>> QueueAsync(string key, CancellationToken ct = default) =>
        SendAsync<QueueSnapshot>(HttpMethod.Get, $"api/v1/workflows/{Uri.EscapeDataString(key)}/queue", null, ct);

    public Task<ApiResponse<ClaimResponse>> ClaimAsync(string key, CancellationToken ct = default) =>
        SendAsync<ClaimResponse>(HttpMethod.Post, $"api/v1/workflows/{Uri.EscapeDataString(key)}/tasks:claim", null, ct);

    public Task<ApiResponse<LabelResponse>> LabelAsync(long taskId, string label, Guid leaseToken, CancellationToken ct = default) =>
        SendAsync<LabelResponse>(HttpMethod.Post, $"api/v1/tasks/{taskId}/label", new LabelRequest(label, leaseToken), ct);

    public Task<ApiResponse<LeaseResponse>> ReleaseAsync(long taskId, Guid leaseToken, CancellationToken ct = default) =>
        SendAsync<LeaseResponse>(HttpMethod.Post, $"api/v1/tasks/{taskId}:release", new LeaseRequest(leaseToken), ct);

    public Task<ApiResponse<LeaseResponse>> SkipAsync(long taskId, Guid leaseToken, CancellationToken ct = default) =>
        SendAsync<LeaseResponse>(HttpMethod.Post, $"api/v1/tasks/{taskId}:skip", new LeaseRequest(leaseToken), ct);

    public Task<ApiResponse<LeaseResponse>> EscalateAsync(long taskId, Guid leaseToken, string? note, CancellationToken ct = default) =>
        SendAsync<LeaseResponse>(HttpMethod.Post, $"api/v1/tasks/{taskId}:escalate", new EscalateRequest(leaseToken, note), ct);

    public Task<ApiResponse<LeaseResponse>> RenewAsync(long taskId, Guid leaseToken, CancellationToken ct = default) =>
        SendAsync<LeaseResponse>(HttpMethod.Post, $"api/v1/tasks/{taskId}:renew", new LeaseRequest(leaseToken), ct);

    public Task<ApiResponse<List<UserResponse>>> UsersAsync(CancellationToken ct = default) =>
        SendAsync<List<UserResponse>>(HttpMethod.Get, "api/v1/users", null, ct);

    public Task<ApiResponse<UserResponse>> CreateUserAsync(CreateUserRequest request, CancellationToken ct = default) =>
        SendAsync<UserResponse>(HttpMethod.Post, "api/v1/users", request, ct);

    public Task<ApiResponse<UserResponse>> SetRolesAsync(string username, IReadOnlyList<string> roles, CancellationToken ct = default) =>
        SendAsync<UserResponse>(HttpMethod.Put, $"api/v1/users/{Uri.EscapeDataString(username)}/roles", new SetRolesRequest(roles), ct);

    public Task<ApiResponse<List<ApiKeyResponse>>> ApiKeysAsync(string key, CancellationToken ct = default) =>
        SendAsync<List<ApiKeyResponse>>(HttpMethod.Get, $"api/v1/workflows/{Uri.EscapeDataString(key)}/apikeys", null, ct);

    public Task<ApiResponse<ApiKeyCreatedResponse>> CreateApiKeyAsync(string key, string name, CancellationToken ct = default) =>
        SendAsync<ApiKeyCreatedResponse>(HttpMethod.Post, $"api/v1/workflows/{Uri.EscapeDataString(key)}/apikeys", new CreateApiKeyRequest(name), ct);

    public Task<ApiResponse<object>> RevokeApiKeyAsync(string key, Guid id, CancellationToken ct = default) =>
        SendAsync<object>(HttpMethod.Delete, $"api/v1/workflows/{Uri.EscapeDataString(key)}/apikeys/{id}", null, ct);

    public Task<ApiResponse<ItemResponse>> ItemAsync(string key, string externalId, CancellationToken ct = default) =>
        SendAsync<ItemResponse>(HttpMethod.Get, $"api/v1/workflows/{Uri.EscapeDataString(key)}/items/{Uri.EscapeDataString(externalId)}", null, ct);

    public Task<ApiResponse<AutomationResponse>> AutomationAsync(string key, double? threshold = null, CancellationToken ct = default) =>
        SendAsync<AutomationResponse>(HttpMethod.Get, $"api/v1/workflows/{Uri.EscapeDataString(key)}/automation{Threshold(threshold)}", null, ct);

    public Task<ApiResponse<EvidenceResponse>> EvidenceAsync(string key, double? threshold = null, CancellationToken ct = default) =>
        SendAsync<EvidenceResponse>(HttpMethod.Get, $"api/v1/workflows/{Uri.EscapeDataString(key)}/automation/evidence{Threshold(threshold)}", null, ct);

    public Task<ApiResponse<AutomationResponse>> PromoteAsync(string key, PromoteRequest request, CancellationToken ct = default) =>
        SendAsync<AutomationResponse>(HttpMethod.Post, $"api/v1/workflows/{Uri.EscapeDataString(key)}/automation:promote", request, ct);

    public Task<ApiResponse<AutomationResponse>> DemoteAsync(string key, DemoteRequest request, CancellationToken ct = default) =>
        SendAsync<AutomationResponse>(HttpMethod.Post, $"api/v1/workflows/{Uri.EscapeDataString(key)}/automation:demote", request, ct);

    public Task<ApiResponse<List<AlertResponse>>> AlertsAsync(string key, CancellationToken ct = default) =>
        SendAsync<List<AlertResponse>>(HttpMethod.Get, $"api/v1/workflows/{Uri.EscapeDataString(key)}/alerts", null, ct);

    public Task<ApiResponse<object>> AcknowledgeAlertAsync(string key, long id, CancellationToken ct = default) =>
        SendAsync<object>(HttpMethod.Post, $"api/v1/workflows/{Uri.EscapeDataString(key)}/alerts/{id}:acknowledge", null, ct);

    public Task<ApiResponse<DashboardResponse>> DashboardAsync(string key, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        SendAsync<DashboardResponse>(HttpMethod.Get,
            $"api/v1/workflows/{Uri.EscapeDataString(key)}/dashboard?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}", null, ct);

    public Task<ApiResponse<List<ModelSummaryResponse>>> ModelsAsync(string key, CancellationToken ct = default) =>
        SendAsync<List<ModelSummaryResponse>>(HttpMethod.Get, $"api/v1/workflows/{Uri.EscapeDataString(key)}/models", null, ct);

    public Task<ApiResponse<ModelDetailResponse>> ModelAsync(string key, string version, CancellationToken ct = default) =>
        SendAsync<ModelDetailResponse>(HttpMethod.Get, $"api/v1/workflows/{Uri.EscapeDataString(key)}/models/{Uri.EscapeDataString(version)}", null, ct);

    public Task<ApiResponse<TrainingJobResponse>> TrainAsync(string key, CancellationToken ct = default) =>
        SendAsync<TrainingJobResponse>(HttpMethod.Post, $"api/v1/workflows/{Uri.EscapeDataString(key)}/models:train", new TrainRequest(), ct);

    public Task<ApiResponse<List<TrainingJobResponse>>> TrainingJobsAsync(string key, CancellationToken ct = default) =>
        SendAsync<List<TrainingJobResponse>>(HttpMethod.Get, $"api/v1/workflows/{Uri.EscapeDataString(key)}/models/jobs", null, ct);

    public Task<ApiResponse<List<AliasChangeResponse>>> AliasHistoryAsync(string key, CancellationToken ct = default) =>
        SendAsync<List<AliasChangeResponse>>(HttpMethod.Get, $"api/v1/workflows/{Uri.EscapeDataString(key)}/models/aliases", null, ct);

    public Task<ApiResponse<ModelSummaryResponse>> SetAliasAsync(string key, string version, string alias, CancellationToken ct = default) =>
        SendAsync<ModelSummaryResponse>(HttpMethod.Post, $"api/v1/workflows/{Uri.EscapeDataString(key)}/models/{Uri.EscapeDataString(version)}:alias",
            new SetAliasRequest(alias), ct);

    public Task<ApiResponse<DriftReportResponse>> DriftAsync(string key, CurrentWindow window, CancellationToken ct = default) =>
        SendAsync<DriftReportResponse>(HttpMethod.Get, $"{DriftPath(key)}?slots=12&{window.ToQuery(DateTimeOffset.UtcNow)}", null, ct);

    public Task<ApiResponse<DriftHeatmapResponse>> DriftHeatmapAsync(string key, CurrentWindow window, CancellationToken ct = default) =>
        SendAsync<DriftHeatmapResponse>(HttpMethod.Get, $"{DriftPath(key)}/heatmap?slots=12&{window.ToQuery(DateTimeOffset.UtcNow)}", null, ct);

    public Task<ApiResponse<FeatureDistributionResponse>> DriftDistributionAsync(string key, string feature, CurrentWindow window, CancellationToken ct = default) =>
        SendAsync<FeatureDistributionResponse>(HttpMethod.Get,
            $"{DriftPath(key)}/features/{Uri.EscapeDataString(feature)}?{window.ToQuery(DateTimeOffset.UtcNow)}", null, ct);

    public Task<ApiResponse<DriftReportResponse>> EvaluateDriftAsync(string key, CurrentWindow window, CancellationToken ct = default) =>
        SendAsync<DriftReportResponse>(HttpMethod.Post, $"{DriftPath(key)}:evaluate?slots=12&{window.ToQuery(DateTimeOffset.UtcNow)}", null, ct);

    private static string DriftPath(string key) => $"api/v1/workflows/{Uri.EscapeDataString(key)}/drift";

    private static string Threshold(double? threshold) =>
        threshold is { } t ? $"?threshold={t.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "";

    private async Task<ApiResponse<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        var token = (await authentication.GetAuthenticationStateAsync()).User.FindFirst(ConsoleClaims.AccessToken)?.Value;
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            tokens.Offer(token);
        }
        if (body is not null)
            request.Content = JsonContent.Create(body, body.GetType(), options: JsonSerializerOptions.Web);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new ApiUnreachableException(ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new ApiUnreachableException(ex);
        }
        using (response)
        {
            if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
                throw new ApiUnreachableException(null);
            if (response.IsSuccessStatusCode)
            {
                var value = response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0
                    ? default
                    : await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, ct);
                return new ApiResponse<T>(response.StatusCode, value, null);
            }
            ApiProblem? problem = null;
            try
            {
                problem = await response.Content.ReadFromJsonAsync<ApiProblem>(JsonSerializerOptions.Web, ct);
            }
            catch (JsonException)
            {
            }
            return new ApiResponse<T>(response.StatusCode, default, problem ?? new ApiProblem { Title = response.ReasonPhrase });
        }
    }
}

public sealed record ApiResponse<T>(HttpStatusCode Status, T? Value, ApiProblem? Problem)
{
    public bool Ok => (int)Status is >= 200 and < 300;

    public string Message => Problem?.Describe() ?? $"HTTP {(int)Status}";
}

public sealed class ApiProblem
{
    public string? Title { get; set; }
    public string? Detail { get; set; }
    public Dictionary<string, string[]>? Errors { get; set; }

    public string Describe() =>
        Errors is { Count: > 0 }
            ? string.Join(" ", Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")))
            : Detail ?? Title ?? "The request failed.";
}

/// <summary>The Api did not answer: pages show a notice and recover by themselves.</summary>
public sealed class ApiUnreachableException(Exception? inner) : Exception("The ReviewConsole Api is unreachable.", inner);
