using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Contracts.Dashboard;
using ReviewConsole.Contracts.Drift;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Contracts.Review;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Contracts.Workflows;
using ReviewConsole.Data;
using ReviewConsole.Data.Auth;
using ReviewConsole.Features.Auth;
using ReviewConsole.Features.Automation;
using ReviewConsole.Features.Dashboard;
using ReviewConsole.Features.Drift;
using ReviewConsole.Features.Items;
using ReviewConsole.Features.Models;
using ReviewConsole.Features.Review;
using ReviewConsole.Features.Rollouts;
using ReviewConsole.Features.Workflows;

namespace ReviewConsole.Components.Console;

/// <summary>
/// The console's way to the feature code, in process. Each call names the HTTP endpoint that does the same
/// thing; the signed-in user is authorized against exactly that endpoint's policies (<see cref="EndpointPolicies"/>),
/// then the endpoint's own handler runs in a fresh scope (a circuit lives for hours; a DbContext must not).
/// </summary>
public sealed class ConsoleApi(IServiceScopeFactory scopes, AuthenticationStateProvider authentication, EndpointPolicies policies, TimeProvider time)
{
    public Task<ApiResponse<List<WorkflowSummary>>> WorkflowsAsync(CancellationToken ct = default) =>
        CallAsync<List<WorkflowSummary>>("GET /api/v1/workflows", async (s, _) => await WorkflowsApi.List(Db(s), ct));

    public Task<ApiResponse<WorkflowResponse>> WorkflowAsync(string key, CancellationToken ct = default) =>
        CallAsync<WorkflowResponse>("GET /api/v1/workflows/{key}", async (s, _) => await WorkflowsApi.Get(key, Db(s), ct));

    public Task<ApiResponse<QueueSnapshot>> QueueAsync(string key, CancellationToken ct = default) =>
        CallAsync<QueueSnapshot>("GET /api/v1/workflows/{key}/queue", async (s, _) => await ReviewApi.Snapshot(key, Db(s), Queue(s), ct));

    public Task<ApiResponse<ClaimResponse>> ClaimAsync(string key, CancellationToken ct = default, bool escalations = false) =>
        CallAsync<ClaimResponse>("POST /api/v1/workflows/{key}/tasks:claim", async (s, user) =>
            await ReviewApi.Claim(key, user, Db(s), Queue(s), ct, escalations ? ReviewQueues.Escalations : null));

    public Task<ApiResponse<LabelResponse>> LabelAsync(long taskId, string label, Guid leaseToken, CancellationToken ct = default) =>
        CallAsync<LabelResponse>("POST /api/v1/tasks/{taskId:long}/label", async (s, user) =>
            await ReviewApi.Label(taskId, new LabelRequest(label, leaseToken), user, Db(s), Queue(s), s.GetRequiredService<AutomationService>(), ct));

    public Task<ApiResponse<CorrectionResponse>> CorrectAsync(long taskId, string label, CancellationToken ct = default) =>
        CallAsync<CorrectionResponse>("POST /api/v1/tasks/{taskId:long}/correct", async (s, user) =>
            await ReviewApi.Correct(taskId, new CorrectLabelRequest(label), user, Db(s), Queue(s), s.GetRequiredService<AutomationService>(), ct));

    public Task<ApiResponse<LeaseResponse>> ReleaseAsync(long taskId, Guid leaseToken, CancellationToken ct = default) =>
        CallAsync<LeaseResponse>("POST /api/v1/tasks/{taskId:long}:release", async (s, user) =>
            await ReviewApi.Release(taskId, new LeaseRequest(leaseToken), user, Db(s), Queue(s), ct));

    public Task<ApiResponse<LeaseResponse>> SkipAsync(long taskId, Guid leaseToken, CancellationToken ct = default) =>
        CallAsync<LeaseResponse>("POST /api/v1/tasks/{taskId:long}:skip", async (s, user) =>
            await ReviewApi.Skip(taskId, new LeaseRequest(leaseToken), user, Db(s), Queue(s), ct));

    public Task<ApiResponse<LeaseResponse>> EscalateAsync(long taskId, Guid leaseToken, string? note, CancellationToken ct = default) =>
        CallAsync<LeaseResponse>("POST /api/v1/tasks/{taskId:long}:escalate", async (s, user) =>
            await ReviewApi.Escalate(taskId, new EscalateRequest(leaseToken, note), user, Db(s), Queue(s), ct));

    public Task<ApiResponse<LeaseResponse>> RenewAsync(long taskId, Guid leaseToken, CancellationToken ct = default) =>
        CallAsync<LeaseResponse>("POST /api/v1/tasks/{taskId:long}:renew", async (s, user) =>
            await ReviewApi.Renew(taskId, new LeaseRequest(leaseToken), user, Db(s), Queue(s), ct));

    public Task<ApiResponse<List<UserResponse>>> UsersAsync(CancellationToken ct = default) =>
        CallAsync<List<UserResponse>>("GET /api/v1/users", async (s, _) =>
            await UsersApi.List(s.GetRequiredService<UserManager<AppUser>>(), s.GetRequiredService<RoleManager<IdentityRole>>(), ct));

    public Task<ApiResponse<UserResponse>> CreateUserAsync(CreateUserRequest request, CancellationToken ct = default) =>
        CallAsync<UserResponse>("POST /api/v1/users", async (s, _) => await UsersApi.Create(request, s.GetRequiredService<UserManager<AppUser>>()));

    public Task<ApiResponse<UserResponse>> SetRolesAsync(string username, IReadOnlyList<string> roles, CancellationToken ct = default) =>
        CallAsync<UserResponse>("PUT /api/v1/users/{username}/roles", async (s, _) =>
            await UsersApi.SetRoles(username, new SetRolesRequest(roles), s.GetRequiredService<UserManager<AppUser>>(), s.GetRequiredService<IMemoryCache>(), Db(s)));

    public Task<ApiResponse<UserResponse>> DisableUserAsync(string username, CancellationToken ct = default) =>
        CallAsync<UserResponse>("POST /api/v1/users/{username}/disable", async (s, user) =>
            await UsersApi.Disable(username, user, s.GetRequiredService<UserManager<AppUser>>(), s.GetRequiredService<IMemoryCache>(), Db(s)));

    public Task<ApiResponse<UserResponse>> EnableUserAsync(string username, CancellationToken ct = default) =>
        CallAsync<UserResponse>("POST /api/v1/users/{username}/enable", async (s, _) =>
            await UsersApi.Enable(username, s.GetRequiredService<UserManager<AppUser>>(), s.GetRequiredService<IMemoryCache>()));

    public Task<ApiResponse<List<ApiKeyResponse>>> ApiKeysAsync(string key, CancellationToken ct = default) =>
        CallAsync<List<ApiKeyResponse>>("GET /api/v1/workflows/{key}/apikeys", async (s, _) => await ApiKeysApi.List(key, Db(s), ct));

    public Task<ApiResponse<ApiKeyCreatedResponse>> CreateApiKeyAsync(string key, string name, CancellationToken ct = default) =>
        CallAsync<ApiKeyCreatedResponse>("POST /api/v1/workflows/{key}/apikeys", async (s, user) =>
            await ApiKeysApi.Create(key, new CreateApiKeyRequest(name), user, Db(s), ct));

    public Task<ApiResponse<object>> RevokeApiKeyAsync(string key, Guid id, CancellationToken ct = default) =>
        CallAsync<object>("DELETE /api/v1/workflows/{key}/apikeys/{id:guid}", async (s, _) => await ApiKeysApi.Revoke(key, id, Db(s), s.GetRequiredService<Microsoft.Extensions.Caching.Memory.IMemoryCache>(), ct));

    public Task<ApiResponse<ItemResponse>> ItemAsync(string key, string externalId, CancellationToken ct = default) =>
        CallAsync<ItemResponse>("GET /api/v1/workflows/{key}/items/{externalId}", async (s, user) => await ItemsApi.Get(key, externalId, user, Db(s), ct));

    public Task<ApiResponse<AutomationResponse>> AutomationAsync(string key, double? threshold = null, CancellationToken ct = default) =>
        CallAsync<AutomationResponse>("GET /api/v1/workflows/{key}/automation", async (s, _) => await AutomationApi.Get(key, threshold, Db(s), ct));

    public Task<ApiResponse<EvidenceResponse>> EvidenceAsync(string key, double? threshold = null, CancellationToken ct = default) =>
        CallAsync<EvidenceResponse>("GET /api/v1/workflows/{key}/automation/evidence", async (s, _) => await AutomationApi.Evidence(key, threshold, Db(s), ct));

    public Task<ApiResponse<AutomationResponse>> PromoteAsync(string key, PromoteRequest request, CancellationToken ct = default) =>
        CallAsync<AutomationResponse>("POST /api/v1/workflows/{key}/automation:promote", async (s, user) =>
            await AutomationApi.Promote(key, request, user, Db(s), s.GetRequiredService<AutomationService>(), ct));

    public Task<ApiResponse<AutomationResponse>> DemoteAsync(string key, DemoteRequest request, CancellationToken ct = default) =>
        CallAsync<AutomationResponse>("POST /api/v1/workflows/{key}/automation:demote", async (s, user) =>
            await AutomationApi.Demote(key, request, user, Db(s), s.GetRequiredService<AutomationService>(), ct));

    public Task<ApiResponse<List<AlertResponse>>> AlertsAsync(string key, CancellationToken ct = default) =>
        CallAsync<List<AlertResponse>>("GET /api/v1/workflows/{key}/alerts", async (s, _) => await AlertsApi.List(key, null, Db(s), ct));

    public Task<ApiResponse<object>> AcknowledgeAlertAsync(string key, long id, CancellationToken ct = default) =>
        CallAsync<object>("POST /api/v1/workflows/{key}/alerts/{id:long}:acknowledge", async (s, user) => await AlertsApi.Acknowledge(key, id, user, Db(s), ct));

    public Task<ApiResponse<DashboardResponse>> DashboardAsync(string key, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        CallAsync<DashboardResponse>("GET /api/v1/workflows/{key}/dashboard", async (s, _) => await DashboardApi.Get(key, from, to, Db(s), ct));

    public Task<ApiResponse<List<ModelSummaryResponse>>> ModelsAsync(string key, CancellationToken ct = default) =>
        CallAsync<List<ModelSummaryResponse>>("GET /api/v1/workflows/{key}/models", async (s, _) => await ModelsApi.List(key, Db(s), ct));

    public Task<ApiResponse<ModelDetailResponse>> ModelAsync(string key, string version, CancellationToken ct = default) =>
        CallAsync<ModelDetailResponse>("GET /api/v1/workflows/{key}/models/{version}", async (s, _) => await ModelsApi.Get(key, version, Db(s), ct));

    public Task<ApiResponse<TrainingJobResponse>> TrainAsync(string key, CancellationToken ct = default, string? trainer = null) =>
        CallAsync<TrainingJobResponse>("POST /api/v1/workflows/{key}/models:train", async (s, user) =>
            await ModelsApi.Train(key, new TrainRequest(Trainer: trainer), user, Db(s), ct));

    public Task<ApiResponse<List<TrainingJobResponse>>> TrainingJobsAsync(string key, CancellationToken ct = default) =>
        CallAsync<List<TrainingJobResponse>>("GET /api/v1/workflows/{key}/models/jobs", async (s, _) => await ModelsApi.Jobs(key, Db(s), ct));

    public Task<ApiResponse<List<AliasChangeResponse>>> AliasHistoryAsync(string key, CancellationToken ct = default) =>
        CallAsync<List<AliasChangeResponse>>("GET /api/v1/workflows/{key}/models/aliases", async (s, _) => await ModelsApi.AliasHistory(key, Db(s), ct));

    public Task<ApiResponse<RolloutResponse>> StartRolloutAsync(string key, StartRolloutRequest request, CancellationToken ct = default) =>
        CallAsync<RolloutResponse>("POST /api/v1/workflows/{key}/rollouts", async (s, user) =>
            await RolloutsApi.Start(key, request, user, Db(s), s.GetRequiredService<ModelRegistry>(), s.GetRequiredService<ModelCache>(), ct));

    public Task<ApiResponse<RolloutResponse>> RollBackAsync(string key, string justification, CancellationToken ct = default) =>
        CallAsync<RolloutResponse>("POST /api/v1/workflows/{key}/rollout:rollback", async (s, user) =>
            await RolloutsApi.RollBack(key, new RolloutActionRequest(justification), user, Db(s), s.GetRequiredService<ModelRegistry>(), ct));

    public Task<ApiResponse<RolloutResponse>> CurrentRolloutAsync(string key, CancellationToken ct = default) =>
        CallAsync<RolloutResponse>("GET /api/v1/workflows/{key}/rollout", async (s, user) => await RolloutsApi.Current(key, user, Db(s), ct));

    public Task<ApiResponse<RolloutResponse>> PromoteRolloutAsync(string key, string justification, CancellationToken ct = default) =>
        CallAsync<RolloutResponse>("POST /api/v1/workflows/{key}/rollout:promote", async (s, user) =>
            await RolloutsApi.Promote(key, new RolloutActionRequest(justification), user, Db(s), s.GetRequiredService<ModelRegistry>(), ct));

    public Task<ApiResponse<RolloutResponse>> AbandonRolloutAsync(string key, string justification, CancellationToken ct = default) =>
        CallAsync<RolloutResponse>("POST /api/v1/workflows/{key}/rollout:abandon", async (s, user) =>
            await RolloutsApi.Abandon(key, new RolloutActionRequest(justification), user, Db(s), ct));

    /// <summary>A canary action: advance, pause or resume.</summary>
    public Task<ApiResponse<RolloutResponse>> CanaryActionAsync(string key, string action, string justification, CancellationToken ct = default) =>
        CallAsync<RolloutResponse>($"POST /api/v1/workflows/{{key}}/rollout:{action}", async (s, user) => action switch
        {
            "advance" => await RolloutsApi.Advance(key, new RolloutActionRequest(justification), user, Db(s), s.GetRequiredService<ModelRegistry>(), ct),
            "pause" => await RolloutsApi.Pause(key, new RolloutActionRequest(justification), user, Db(s), ct),
            _ => await RolloutsApi.Resume(key, new RolloutActionRequest(justification), user, Db(s), ct),
        });

    public Task<ApiResponse<List<RolloutResponse>>> RolloutsAsync(string key, CancellationToken ct = default) =>
        CallAsync<List<RolloutResponse>>("GET /api/v1/workflows/{key}/rollouts", async (s, _) => await RolloutsApi.History(key, Db(s), ct));

    public Task<ApiResponse<ModelSummaryResponse>> SetAliasAsync(string key, string version, string alias, CancellationToken ct = default) =>
        CallAsync<ModelSummaryResponse>("POST /api/v1/workflows/{key}/models/{version}:alias", async (s, user) =>
            await ModelsApi.SetAlias(key, version, new SetAliasRequest(alias), user, Db(s), s.GetRequiredService<ModelRegistry>(), ct));

    public Task<ApiResponse<DriftReportResponse>> DriftAsync(string key, CurrentWindow window, CancellationToken ct = default) =>
        CallAsync<DriftReportResponse>("GET /api/v1/workflows/{key}/drift", async (s, _) =>
            await DriftApi.Report(key, Query(window), DriftSlots, Db(s), Resolver(s), ct));

    public Task<ApiResponse<DriftHeatmapResponse>> DriftHeatmapAsync(string key, CurrentWindow window, CancellationToken ct = default) =>
        CallAsync<DriftHeatmapResponse>("GET /api/v1/workflows/{key}/drift/heatmap", async (s, _) =>
            await DriftApi.Heatmap(key, Query(window), DriftSlots, Db(s), Resolver(s), ct));

    public Task<ApiResponse<FeatureDistributionResponse>> DriftDistributionAsync(string key, string feature, CurrentWindow window, CancellationToken ct = default) =>
        CallAsync<FeatureDistributionResponse>("GET /api/v1/workflows/{key}/drift/features/{feature}", async (s, _) =>
            await DriftApi.Distribution(key, feature, Query(window), Db(s), Resolver(s), ct));

    public Task<ApiResponse<DriftReportResponse>> EvaluateDriftAsync(string key, CurrentWindow window, CancellationToken ct = default) =>
        CallAsync<DriftReportResponse>("POST /api/v1/workflows/{key}/drift:evaluate", async (s, _) =>
            await DriftApi.Evaluate(key, Query(window), DriftSlots, Db(s), Resolver(s), ct));

    private const int DriftSlots = 12;

    private DriftWindowQuery Query(CurrentWindow window) => new(
        window.ReferenceFrom, window.ReferenceTo,
        window.From ?? (window.Span is { } span ? time.GetUtcNow() - span : null),
        window.To,
        window.Items);

    private static ReviewDbContext Db(IServiceProvider services) => services.GetRequiredService<ReviewDbContext>();

    private static ReviewQueue Queue(IServiceProvider services) => services.GetRequiredService<ReviewQueue>();

    private static DriftWindowResolver Resolver(IServiceProvider services) => services.GetRequiredService<DriftWindowResolver>();

    private async Task<ApiResponse<T>> CallAsync<T>(string endpoint, Func<IServiceProvider, ClaimsPrincipal, Task<IResult>> handler)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (!await policies.AllowsAsync(endpoint, user))
            return new ApiResponse<T>(HttpStatusCode.Forbidden, default,
                new ApiProblem { Title = "Forbidden", Detail = "Your role does not allow this." });
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            return ApiResponse<T>.From(await handler(scope.ServiceProvider, user));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException || ex.InnerException is NpgsqlException)
        {
            throw new DatabaseUnavailableException(ex);
        }
    }
}

public sealed record ApiResponse<T>(HttpStatusCode Status, T? Value, ApiProblem? Problem)
{
    public bool Ok => (int)Status is >= 200 and < 300;

    public string Message => Problem?.Describe() ?? $"HTTP {(int)Status}";

    /// <summary>Reads a handler's typed result as the HTTP client would have read its response.</summary>
    public static ApiResponse<T> From(IResult result) => result switch
    {
        INestedHttpResult nested => From(nested.Result),
        ValidationProblem validation => new((HttpStatusCode)validation.StatusCode, default, new ApiProblem
        {
            Title = validation.ProblemDetails.Title,
            Detail = validation.ProblemDetails.Detail,
            Errors = new Dictionary<string, string[]>(validation.ProblemDetails.Errors),
        }),
        ProblemHttpResult problem => new((HttpStatusCode)problem.StatusCode, default, new ApiProblem
        {
            Title = problem.ProblemDetails.Title,
            Detail = problem.ProblemDetails.Detail,
            Errors = problem.ProblemDetails is HttpValidationProblemDetails details ? new Dictionary<string, string[]>(details.Errors) : null,
        }),
        IValueHttpResult valued and IStatusCodeHttpResult status =>
            new((HttpStatusCode)(status.StatusCode ?? 200), valued.Value is T value ? value : default, null),
        IStatusCodeHttpResult status => new((HttpStatusCode)(status.StatusCode ?? 200), default, null),
        _ => throw new InvalidOperationException($"The console cannot read a {result.GetType().Name}."),
    };
}

public sealed class ApiProblem
{
    public string? Title { get; set; }
    public string? Detail { get; set; }
    public Dictionary<string, string[]>? Errors { get; set; }

    /// <summary>What a person reads: the messages themselves (they name what is wrong), not the API's field paths.</summary>
    public string Describe() =>
        Errors is { Count: > 0 }
            ? string.Join(" ", Errors.SelectMany(e => e.Value).Distinct())
            : Detail ?? Title ?? "The request failed.";
}

/// <summary>The database did not answer: pages show a notice and recover by themselves.</summary>
public sealed class DatabaseUnavailableException(Exception? inner) : Exception("The ReviewConsole database is unreachable.", inner);
