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
    public const string AdminPassword = "Admin!Pass2026";
    public const string UserPassword = "Reviewer!2026";

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

    public static async Task<WorkflowResponse> CreateWorkflowAsync(HttpClient lead, CreateWorkflowRequest request)
    {
        var response = await lead.PostAsJsonAsync("/api/v1/workflows", request, JsonSerializerOptions.Web);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<WorkflowResponse>(JsonSerializerOptions.Web))!;
    }

    public static async Task<string> CreateApiKeyAsync(HttpClient lead, string workflowKey)
    {
        var response = await lead.PostAsJsonAsync($"/api/v1/workflows/{workflowKey}/apikeys", new CreateApiKeyRequest("test"), JsonSerializerOptions.Web);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>(JsonSerializerOptions.Web))!.Key;
    }
}
