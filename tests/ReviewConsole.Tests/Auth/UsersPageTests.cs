using AngleSharp.Dom;
using Bunit;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Features.Auth;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Auth;

public sealed class UsersPageTests(ApiFixture api) : PageContext(api), IClassFixture<ApiFixture>
{
    [Fact]
    public async Task RefusingToRemoveTheLastAdminShowsAnErrorBesideThatUserThatStays()
    {
        // With a second role left the change is well-formed, and meets the last-admin rule itself.
        (await Api.Admin.PutAsync($"/api/v1/users/{ApiSession.AdminUser}/roles",
            System.Net.Http.Json.JsonContent.Create(new SetRolesRequest([Roles.Admin, Roles.Reviewer])))).EnsureSuccessStatusCode();
        await Api.RenewAdminAsync();
        SignIn(ApiSession.AdminUser, Roles.Admin);
        var page = Render<UsersPage>();
        page.WaitForAssertion(() => Assert.NotNull(AdminBox(page)));

        await page.InvokeAsync(() => AdminBox(page).Change(false));

        page.WaitForAssertion(() => Assert.Contains("last admin", page.Find($"[data-testid=roles-error-{ApiSession.AdminUser}]").TextContent));
        Assert.True(AdminBox(page).IsChecked(), "the checkbox shows the stored role, not the refused click");
    }

    [Fact]
    public async Task AnAdminGrantsARoleFromTheTable()
    {
        var user = (await Api.UserAsync(Roles.Reviewer)).User();
        SignIn(ApiSession.AdminUser, Roles.Admin);
        var page = Render<UsersPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-user={user}]")));

        await page.InvokeAsync(() => RoleBox(page, user, Roles.Manager).Change(true));

        page.WaitForAssertion(() => Assert.True(RoleBox(page, user, Roles.Manager).IsChecked()));
        Assert.Contains(Roles.Manager, await RolesOfAsync(user));
    }

    [Fact]
    public async Task AnAdminDisablesAndEnablesAUserFromTheTable()
    {
        var user = (await Api.UserAsync(Roles.Reviewer)).User();
        SignIn(ApiSession.AdminUser, Roles.Admin);
        var page = Render<UsersPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-testid=disable-{user}]")));

        await page.InvokeAsync(() => page.Find($"[data-testid=disable-{user}]").Click());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-testid=enable-{user}]")));
        Assert.True((await (await Api.Admin.GetAsync("/api/v1/users")).ReadAsync<List<UserResponse>>()).Single(u => u.Username == user).Disabled);

        await page.InvokeAsync(() => page.Find($"[data-testid=enable-{user}]").Click());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-testid=disable-{user}]")));
    }

    private static IElement AdminBox(IRenderedComponent<UsersPage> page) => RoleBox(page, ApiSession.AdminUser, Roles.Admin);

    private static IElement RoleBox(IRenderedComponent<UsersPage> page, string user, string role) =>
        page.FindAll($"[data-user={user}] label").Single(l => l.TextContent.Trim() == role).QuerySelector("input")!;

    private async Task<IReadOnlyList<string>> RolesOfAsync(string user) =>
        (await (await Api.Admin.GetAsync("/api/v1/users")).ReadAsync<List<UserResponse>>()).Single(u => u.Username == user).Roles;
}
