using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Data.Auth;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Hardening;

/// <summary>Issue 10, items 12 and 13 (in part): a token stands only while its user exists with the rights it was issued with.</summary>
public sealed class TokenTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task ADemotedAdminsTokenLosesItsRightsAtOnce()
    {
        var admin = await api.UserAsync(Roles.Admin);
        var before = await admin.GetAsync("/api/v1/users");

        (await api.Admin.PutAsync($"/api/v1/users/{admin.User()}/roles", JsonContent.Create(new SetRolesRequest([Roles.Reviewer])))).EnsureSuccessStatusCode();
        var after = await admin.PostJsonAsync("/api/v1/users", new CreateUserRequest($"x{Guid.NewGuid():N}"[..10], ApiSession.UserPassword, [Roles.Admin]));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task ATokenOfAUserThatNoLongerExistsIsRefused()
    {
        var reviewer = await api.UserAsync(Roles.Reviewer);
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.DeleteAsync((await users.FindByNameAsync(reviewer.User()))!);
        }

        var response = await reviewer.GetAsync("/api/v1/workflows");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AnUnchangedUsersTokenKeepsWorking()
    {
        var reviewer = await api.UserAsync(Roles.Reviewer);

        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync("/api/v1/workflows")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync("/api/v1/workflows")).StatusCode);
    }
}
