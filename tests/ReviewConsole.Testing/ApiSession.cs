using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Contracts.Workflows;

namespace ReviewConsole.Testing;

/// <summary>Talks to a running Api the way its clients do: sign in, create users, workflows and API keys.</summary>
public static class ApiSession
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "Ladder!Gates2026";
    public const string UserPassword = "Queue!Labels2026";

    public static async Task<HttpClient> SignInAsync(Func<HttpClient> create, string user, string password)
    {
        var client = create();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new LoginRequest(user, password), JsonSerializerOptions.Web);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<LoginResponse>(JsonSerializerOptions.Web))!.AccessToken;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task CreateUserAsync(HttpClient admin, string user, params string[] roles)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, UserPassword, roles), JsonSerializerOptions.Web);
        response.EnsureSuccessStatusCode();
    }

    public static string NewKey(string prefix = "wf") => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public static CreateWorkflowRequest Workflow(string key, string level = "manual", double? threshold = null, string? callbackUrl = null,
        WorkflowQueueSettings? queue = null) => new(
        key,
        $"Workflow {key}",
        ["travel", "software", "office"],
        [
            new FeatureDefinition("amount", "numeric"),
            new FeatureDefinition("country", "categorical"),
            new FeatureDefinition("description", "text"),
            new FeatureDefinition("receipt", "imageUrl"),
        ],
        "medium",
        SliceFeature: "country",
        Level: level,
        Threshold: threshold,
        CallbackUrl: callbackUrl,
        Queue: queue);

    private static readonly string[] Levels = ["manual", "shadow", "assist", "partial", "full"];

    /// <summary>
    /// Creates a workflow at the level asked for. New workflows start at manual or shadow; higher levels are reached
    /// the way production reaches them, one promotion at a time, here forced past the gates by the admin that
    /// creates them (with the threshold asked for, or 0.9, at partial).
    /// </summary>
    public static async Task<WorkflowResponse> CreateWorkflowAsync(HttpClient admin, CreateWorkflowRequest request)
    {
        var target = Array.IndexOf(Levels, request.Level ?? "manual");
        var start = Math.Min(target, 1);
        var response = await admin.PostAsJsonAsync("/api/v1/workflows", request with { Level = Levels[start] }, JsonSerializerOptions.Web);
        response.EnsureSuccessStatusCode();
        var workflow = (await response.Content.ReadFromJsonAsync<WorkflowResponse>(JsonSerializerOptions.Web))!;
        for (var level = start + 1; level <= target; level++)
        {
            var promoted = await admin.PostAsJsonAsync($"/api/v1/workflows/{workflow.Key}/automation:promote", new
            {
                toLevel = Levels[level],
                justification = "Test setup: forced past the gates by the admin.",
                force = true,
                threshold = Levels[level] == "partial" ? request.Threshold ?? 0.9 : (double?)null,
            }, JsonSerializerOptions.Web);
            if (!promoted.IsSuccessStatusCode)
                throw new InvalidOperationException($"Promoting {workflow.Key} to {Levels[level]}: {(int)promoted.StatusCode} {await promoted.Content.ReadAsStringAsync()}");
        }
        return target <= 1 ? workflow : (await admin.GetFromJsonAsync<WorkflowResponse>($"/api/v1/workflows/{workflow.Key}", JsonSerializerOptions.Web))!;
    }

    public static async Task<string> CreateApiKeyAsync(HttpClient lead, string workflowKey)
    {
        var response = await lead.PostAsJsonAsync($"/api/v1/workflows/{workflowKey}/apikeys", new CreateApiKeyRequest("test"), JsonSerializerOptions.Web);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>(JsonSerializerOptions.Web))!.Key;
    }
}
