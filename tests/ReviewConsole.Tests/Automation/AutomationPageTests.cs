using Bunit;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Features.Automation;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Automation;

public sealed class AutomationPageTests(ApiFixture api) : PageContext(api), IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AManagerReadsTheGatesButHasNoPromoteButton()
    {
        var workflow = await Api.WorkflowAsync();
        SignIn(ApiSession.AdminUser, Roles.Manager);

        var page = Render<AutomationPage>(p => p.Add(x => x.Key, workflow.Key));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-gate]")));
        Assert.Empty(page.FindAll("[data-testid=promote]"));
    }

    [Fact]
    public async Task APromotionWithoutJustificationIsRefusedWithAnErrorThatStays()
    {
        var workflow = await Api.WorkflowAsync();
        await Api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("p-1"));
        SignIn(ApiSession.AdminUser, Roles.Admin);
        var page = Render<AutomationPage>(p => p.Add(x => x.Key, workflow.Key));
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=promote]").HasAttribute("disabled")));

        await page.InvokeAsync(() => page.Find("[data-testid=promote]").Click());

        page.WaitForAssertion(() => Assert.Contains("justification", page.Find("[data-testid=automation-error]").TextContent, StringComparison.OrdinalIgnoreCase));
        Assert.Empty(page.FindAll(".mud-snackbar"));
    }
}
