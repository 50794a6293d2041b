using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Hosting;
using System.Net;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Auth;

public sealed class RoleEnforcementTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AnonymousCallersAreUnauthorized()
    {
        var response = await api.Anonymous().GetAsync("/api/v1/workflows");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AReviewerCannotCreateWorkflowsOrManageUsers()
    {
        var reviewer = await api.UserAsync(Roles.Reviewer);

        var workflow = await reviewer.PostJsonAsync("/api/v1/workflows", ApiSession.Workflow(ApiSession.NewKey()));
        var users = await reviewer.GetAsync("/api/v1/users");

        Assert.Equal(HttpStatusCode.Forbidden, workflow.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
    }

    [Fact]
    public async Task AManagerReadsWorkflowsButCannotClaimTasks()
    {
        var workflow = await api.WorkflowAsync();
        var manager = await api.UserAsync(Roles.Manager);

        var list = await manager.GetAsync("/api/v1/workflows");
        var claim = await manager.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, claim.StatusCode);
    }

    [Fact]
    public async Task AnApiKeyOnlyIngestsIntoItsOwnWorkflow()
    {
        var own = await api.WorkflowAsync();
        var other = await api.WorkflowAsync();
        var client = await api.ClientForAsync(own.Key);

        var ownIngest = await client.PostJsonAsync($"/api/v1/workflows/{own.Key}/items", TestItems.Item("k-1"));
        var otherIngest = await client.PostJsonAsync($"/api/v1/workflows/{other.Key}/items", TestItems.Item("k-1"));
        var claim = await client.PostAsync($"/api/v1/workflows/{own.Key}/tasks:claim", null);

        Assert.Equal(HttpStatusCode.Created, ownIngest.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherIngest.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, claim.StatusCode);
    }

    [Fact]
    public async Task ARevokedApiKeyIsRefused()
    {
        var workflow = await api.WorkflowAsync();
        var created = await (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/apikeys", new CreateApiKeyRequest("temp")))
            .ReadAsync<ApiKeyCreatedResponse>();
        var client = api.Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", created.Key);

        await api.Admin.DeleteAsync($"/api/v1/workflows/{workflow.Key}/apikeys/{created.Id}");
        var response = await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("k-2"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ARememberedApiKeyIsForgottenWhenRevoked()
    {
        // The production default: a known key is remembered for 30 s, so ingest does not look it up on every request.
        await using var host = api.NewReplica().WithWebHostBuilder(b => b.UseSetting("Auth:ApiKeyCacheSeconds", "30"));
        var admin = await ReviewConsole.Testing.ApiSession.SignInAsync(host.CreateClient, ReviewConsole.Testing.ApiSession.AdminUser,
            ReviewConsole.Testing.ApiSession.AdminPassword);
        var workflow = await api.WorkflowAsync();
        var created = await (await admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/apikeys", new CreateApiKeyRequest("cached")))
            .ReadAsync<ApiKeyCreatedResponse>();
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", created.Key);

        var before = await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("c-1"));
        await admin.DeleteAsync($"/api/v1/workflows/{workflow.Key}/apikeys/{created.Id}");
        var after = await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("c-2"));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Unauthorized), (before.StatusCode, after.StatusCode));
    }

    [Fact]
    public async Task AWrongPasswordIsUnauthorizedWithoutSayingWhichPartWasWrong()
    {
        var response = await api.Anonymous().PostJsonAsync("/api/v1/auth/login", new LoginRequest(ApiSession.AdminUser, "nope"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AnAdminChangesAUsersRoles()
    {
        var name = $"r{Guid.NewGuid():N}"[..10];
        await ApiSession.CreateUserAsync(api.Admin, name, Roles.Reviewer);

        var response = await api.Admin.PutAsync($"/api/v1/users/{name}/roles",
            System.Net.Http.Json.JsonContent.Create(new SetRolesRequest([Roles.Manager])));
        var users = await (await api.Admin.GetAsync("/api/v1/users")).ReadAsync<List<UserResponse>>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([Roles.Manager], users.Single(u => u.Username == name).Roles);
    }

    [Fact]
    public async Task TheLastAdminCannotLoseTheAdminRole()
    {
        var response = await api.Admin.PutAsync($"/api/v1/users/{ApiSession.AdminUser}/roles",
            System.Net.Http.Json.JsonContent.Create(new SetRolesRequest([Roles.Reviewer])));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }
}
