using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Contracts.Workflows;

namespace ReviewConsole.Demo;

/// <summary>Creates the demo users, workflow and API key through the public Api; safe to run again.</summary>
public sealed class DemoSeeder(HttpClient http)
{
    public const string WorkflowKey = "invoice-category";
    public const string DemoPassword = "Review!Demo2026";

    public static readonly (string User, string[] Roles)[] Users =
    [
        ("reviewer1", [Roles.Reviewer]),
        ("reviewer2", [Roles.Reviewer]),
        ("mllead", [Roles.MlLead]),
        ("manager", [Roles.Manager]),
        (SimulatedReviewer.User, [Roles.Reviewer]),
    ];

    /// <summary>Returns the model client's new API key, and whether the workflow was created just now (a first run).</summary>
    public async Task<(string ApiKey, bool FirstRun)> SeedAsync(CancellationToken ct)
    {
        foreach (var (user, roles) in Users)
            await CreateUnlessExistsAsync("api/v1/users", new CreateUserRequest(user, DemoPassword, roles), ct);

        var firstRun = await CreateUnlessExistsAsync("api/v1/workflows", new CreateWorkflowRequest(
            WorkflowKey,
            "Invoice category",
            InvoiceGenerator.Labels,
            [
                new FeatureDefinition("amount", "numeric"),
                new FeatureDefinition("vendor", "categorical"),
                new FeatureDefinition("country", "categorical"),
                new FeatureDefinition("line_items", "numeric"),
                new FeatureDefinition("description", "text"),
            ],
            "medium",
            SliceFeature: "country",
            Level: "shadow"), ct);

        var key = await http.PostAsJsonAsync($"api/v1/workflows/{WorkflowKey}/apikeys", new CreateApiKeyRequest("demo simulator"), JsonSerializerOptions.Web, ct);
        key.EnsureSuccessStatusCode();
        return ((await key.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>(JsonSerializerOptions.Web, ct))!.Key, firstRun);
    }

    /// <summary>Deploys the simulated model as champion, as an ML lead would: no version becomes champion by arriving.</summary>
    public async Task NameChampionAsync(string version, CancellationToken ct)
    {
        var response = await http.PostAsJsonAsync($"api/v1/workflows/{WorkflowKey}/rollouts",
            new StartRolloutRequest(RolloutStrategies.Single, version, "The demo's model, checked against 1,500 reviewer labels."), JsonSerializerOptions.Web, ct);
        response.EnsureSuccessStatusCode();
    }

    private async Task<bool> CreateUnlessExistsAsync<T>(string path, T body, CancellationToken ct)
    {
        var response = await http.PostAsJsonAsync(path, body, JsonSerializerOptions.Web, ct);
        if (response.StatusCode == HttpStatusCode.Conflict)
            return false;
        response.EnsureSuccessStatusCode();
        return true;
    }
}
