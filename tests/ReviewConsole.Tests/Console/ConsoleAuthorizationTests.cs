using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Components.Console;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Contracts.Drift;
using ReviewConsole.Data.Auth;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Console;

/// <summary>
/// A console page can never do what the HTTP endpoint forbids: for every command the console offers and every
/// role, the in-process call and the HTTP call are both refused or both let through.
/// </summary>
public sealed class ConsoleAuthorizationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const long NoTask = 987_654_321;

    private sealed record Command(string Name, Func<ConsoleApi, Task<HttpStatusCode>> Console, Func<HttpClient, Task<HttpResponseMessage>> Http);

    private static IEnumerable<Command> Commands(string wf)
    {
        var token = Guid.NewGuid();
        yield return new("list workflows", c => S(c.WorkflowsAsync()), h => h.GetAsync("/api/v1/workflows"));
        yield return new("claim", c => S(c.ClaimAsync(wf)), h => h.PostAsync($"/api/v1/workflows/{wf}/tasks:claim", null));
        yield return new("claim escalations", c => S(c.ClaimAsync(wf, default, escalations: true)), h => h.PostAsync($"/api/v1/workflows/{wf}/tasks:claim?queue=escalations", null));
        yield return new("label", c => S(c.LabelAsync(NoTask, "travel", token)), h => h.PostJsonAsync($"/api/v1/tasks/{NoTask}/label", new { label = "travel", leaseToken = token }));
        yield return new("correct", c => S(c.CorrectAsync(NoTask, "travel")), h => h.PostJsonAsync($"/api/v1/tasks/{NoTask}/correct", new { label = "travel" }));
        yield return new("skip", c => S(c.SkipAsync(NoTask, token)), h => h.PostJsonAsync($"/api/v1/tasks/{NoTask}:skip", new { leaseToken = token }));
        yield return new("list users", c => S(c.UsersAsync()), h => h.GetAsync("/api/v1/users"));
        yield return new("set roles", c => S(c.SetRolesAsync("nobody-here", [Roles.Reviewer])),
            h => h.PutAsync("/api/v1/users/nobody-here/roles", System.Net.Http.Json.JsonContent.Create(new SetRolesRequest([Roles.Reviewer]))));
        yield return new("disable user", c => S(c.DisableUserAsync("nobody-here")), h => h.PostAsync("/api/v1/users/nobody-here/disable", null));
        yield return new("enable user", c => S(c.EnableUserAsync("nobody-here")), h => h.PostAsync("/api/v1/users/nobody-here/enable", null));
        yield return new("list api keys", c => S(c.ApiKeysAsync(wf)), h => h.GetAsync($"/api/v1/workflows/{wf}/apikeys"));
        yield return new("promote", c => S(c.PromoteAsync(wf, new PromoteRequest("nope", null))),
            h => h.PostJsonAsync($"/api/v1/workflows/{wf}/automation:promote", new PromoteRequest("nope", null)));
        yield return new("acknowledge alert", c => S(c.AcknowledgeAlertAsync(wf, NoTask)), h => h.PostAsync($"/api/v1/workflows/{wf}/alerts/{NoTask}:acknowledge", null));
        yield return new("dashboard", c => S(c.DashboardAsync(wf, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow)),
            h => h.GetAsync($"/api/v1/workflows/{wf}/dashboard"));
        yield return new("train", c => S(c.TrainAsync(wf)), h => h.PostJsonAsync($"/api/v1/workflows/{wf}/models:train", new { }));
        yield return new("start rollout", c => S(c.StartRolloutAsync(wf, new ReviewConsole.Contracts.Rollouts.StartRolloutRequest("single", "none", "why"))),
            h => h.PostJsonAsync($"/api/v1/workflows/{wf}/rollouts", new { strategy = "single", challenger = "none", justification = "why" }));
        yield return new("roll back", c => S(c.RollBackAsync(wf, "why")), h => h.PostJsonAsync($"/api/v1/workflows/{wf}/rollout:rollback", new { justification = "why" }));
        yield return new("rollouts", c => S(c.RolloutsAsync(wf)), h => h.GetAsync($"/api/v1/workflows/{wf}/rollouts"));
        yield return new("current rollout", c => S(c.CurrentRolloutAsync(wf)), h => h.GetAsync($"/api/v1/workflows/{wf}/rollout"));
        yield return new("promote rollout", c => S(c.PromoteRolloutAsync(wf, "why")), h => h.PostJsonAsync($"/api/v1/workflows/{wf}/rollout:promote", new { justification = "why" }));
        yield return new("advance canary", c => S(c.CanaryActionAsync(wf, "advance", "why")), h => h.PostJsonAsync($"/api/v1/workflows/{wf}/rollout:advance", new { justification = "why" }));
        yield return new("pause canary", c => S(c.CanaryActionAsync(wf, "pause", "why")), h => h.PostJsonAsync($"/api/v1/workflows/{wf}/rollout:pause", new { justification = "why" }));
        yield return new("abandon rollout", c => S(c.AbandonRolloutAsync(wf, "why")), h => h.PostJsonAsync($"/api/v1/workflows/{wf}/rollout:abandon", new { justification = "why" }));
        yield return new("set alias", c => S(c.SetAliasAsync(wf, "none", "champion")),
            h => h.PostJsonAsync($"/api/v1/workflows/{wf}/models/none:alias", new { alias = "champion" }));
        yield return new("get workflow", c => S(c.WorkflowAsync(wf)), h => h.GetAsync($"/api/v1/workflows/{wf}"));
        yield return new("queue", c => S(c.QueueAsync(wf)), h => h.GetAsync($"/api/v1/workflows/{wf}/queue"));
        yield return new("release", c => S(c.ReleaseAsync(NoTask, token)), h => h.PostJsonAsync($"/api/v1/tasks/{NoTask}:release", new { leaseToken = token }));
        yield return new("escalate", c => S(c.EscalateAsync(NoTask, token, "why")), h => h.PostJsonAsync($"/api/v1/tasks/{NoTask}:escalate", new { leaseToken = token, note = "why" }));
        yield return new("renew", c => S(c.RenewAsync(NoTask, token)), h => h.PostJsonAsync($"/api/v1/tasks/{NoTask}:renew", new { leaseToken = token }));
        yield return new("create user", c => S(c.CreateUserAsync(new CreateUserRequest("", "", []))),
            h => h.PostJsonAsync("/api/v1/users", new CreateUserRequest("", "", [])));
        yield return new("create api key", c => S(c.CreateApiKeyAsync("no-such-wf", "k")), h => h.PostJsonAsync("/api/v1/workflows/no-such-wf/apikeys", new CreateApiKeyRequest("k")));
        yield return new("revoke api key", c => S(c.RevokeApiKeyAsync(wf, token)), h => h.DeleteAsync($"/api/v1/workflows/{wf}/apikeys/{token}"));
        yield return new("get item", c => S(c.ItemAsync(wf, "none")), h => h.GetAsync($"/api/v1/workflows/{wf}/items/none"));
        yield return new("automation", c => S(c.AutomationAsync(wf)), h => h.GetAsync($"/api/v1/workflows/{wf}/automation"));
        yield return new("evidence", c => S(c.EvidenceAsync(wf)), h => h.GetAsync($"/api/v1/workflows/{wf}/automation/evidence"));
        yield return new("demote", c => S(c.DemoteAsync(wf, new DemoteRequest("manual", null))),
            h => h.PostJsonAsync($"/api/v1/workflows/{wf}/automation:demote", new DemoteRequest("manual", null)));
        yield return new("alerts", c => S(c.AlertsAsync(wf)), h => h.GetAsync($"/api/v1/workflows/{wf}/alerts"));
        yield return new("models", c => S(c.ModelsAsync(wf)), h => h.GetAsync($"/api/v1/workflows/{wf}/models"));
        yield return new("model", c => S(c.ModelAsync(wf, "none")), h => h.GetAsync($"/api/v1/workflows/{wf}/models/none"));
        yield return new("training jobs", c => S(c.TrainingJobsAsync(wf)), h => h.GetAsync($"/api/v1/workflows/{wf}/models/jobs"));
        yield return new("alias history", c => S(c.AliasHistoryAsync(wf)), h => h.GetAsync($"/api/v1/workflows/{wf}/models/aliases"));
        yield return new("drift", c => S(c.DriftAsync(wf, new CurrentWindow(Items: 100))), h => h.GetAsync($"/api/v1/workflows/{wf}/drift?currentItems=100&slots=12"));
        yield return new("drift heatmap", c => S(c.DriftHeatmapAsync(wf, new CurrentWindow(Items: 100))),
            h => h.GetAsync($"/api/v1/workflows/{wf}/drift/heatmap?currentItems=100&slots=12"));
        yield return new("drift feature", c => S(c.DriftDistributionAsync(wf, "amount", new CurrentWindow(Items: 100))),
            h => h.GetAsync($"/api/v1/workflows/{wf}/drift/features/amount?currentItems=100"));
        yield return new("evaluate drift", c => S(c.EvaluateDriftAsync(wf, new CurrentWindow(Items: 100))),
            h => h.PostAsync($"/api/v1/workflows/{wf}/drift:evaluate?currentItems=100", null));
    }

    [Theory]
    [InlineData(Roles.Reviewer)]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.MlLead)]
    [InlineData(Roles.Admin)]
    public async Task EveryConsoleCommandIsRefusedExactlyWhenItsEndpointRefusesTheRole(string role)
    {
        var workflow = await api.WorkflowAsync();
        var http = await api.UserAsync(role);
        var console = await ConsoleAsAsync(http.User());

        var mismatches = new List<string>();
        foreach (var command in Commands(workflow.Key))
        {
            var viaConsole = await command.Console(console) == HttpStatusCode.Forbidden;
            var viaHttp = (await command.Http(http)).StatusCode == HttpStatusCode.Forbidden;
            if (viaConsole != viaHttp)
                mismatches.Add($"{command.Name}: console {(viaConsole ? "refused" : "allowed")}, HTTP {(viaHttp ? "refused" : "allowed")}");
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task APrincipalWithoutARoleIsRefusedEveryConsoleCommand()
    {
        var workflow = await api.WorkflowAsync();
        var console = ConsoleFor(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "nobody")], "test")));

        var allowed = new List<string>();
        foreach (var command in Commands(workflow.Key))
        {
            if (await command.Console(console) != HttpStatusCode.Forbidden)
                allowed.Add(command.Name);
        }

        Assert.Empty(allowed);
    }

    [Fact]
    public async Task AReviewerIsRefusedAdminCommandsInTheConsole()
    {
        var http = await api.UserAsync(Roles.Reviewer);
        var console = await ConsoleAsAsync(http.User());

        var users = await console.UsersAsync();

        Assert.Equal(HttpStatusCode.Forbidden, users.Status);
        Assert.Null(users.Value);
    }

    private async Task<ConsoleApi> ConsoleAsAsync(string username)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return ConsoleFor(await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>()
            .CreateAsync((await users.FindByNameAsync(username))!));
    }

    private ConsoleApi ConsoleFor(ClaimsPrincipal principal)
    {
        var services = api.Factory.Services;
        return new ConsoleApi(services.GetRequiredService<IServiceScopeFactory>(), new SignedIn(principal),
            services.GetRequiredService<EndpointPolicies>(), TimeProvider.System);
    }

    private static async Task<HttpStatusCode> S<T>(Task<ApiResponse<T>> call) => (await call).Status;

    private sealed class SignedIn(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
