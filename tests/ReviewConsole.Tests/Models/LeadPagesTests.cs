using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Features.Dashboard;
using ReviewConsole.Features.Drift;
using ReviewConsole.Features.Models;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Models;

/// <summary>The ML lead's and manager's pages on a new workflow: their empty states, and actions only for roles that may use them.</summary>
public sealed class LeadPagesTests(ApiFixture api) : PageContext(api), IClassFixture<ApiFixture>
{
    [Fact]
    public async Task ANewWorkflowHasNoModelVersionsAndAManagerCannotTrain()
    {
        var workflow = await Api.WorkflowAsync();
        SignIn(ApiSession.AdminUser, Roles.Manager);

        var page = Render<ModelsPage>(p => p.Add(x => x.Key, workflow.Key));

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-progress-circular")));
        Assert.Empty(page.FindAll("[data-testid=train]"));
        Assert.Empty(page.FindAll("[data-testid=models-error]"));
    }

    [Fact]
    public async Task AnMlLeadMayTrainFromTheModelsPage()
    {
        var workflow = await Api.WorkflowAsync();
        SignIn(ApiSession.AdminUser, Roles.MlLead);

        var page = Render<ModelsPage>(p => p.Add(x => x.Key, workflow.Key));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=train]")));
    }

    [Fact]
    public async Task TheDriftPanelOfANewWorkflowSaysThereIsNothingToCompareAndOffersNoActionsToAManager()
    {
        var workflow = await Api.WorkflowAsync();
        SignIn(ApiSession.AdminUser, Roles.Manager);

        var page = Render<DriftPage>(p => p.Add(x => x.Key, workflow.Key));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=drift-features]")));
        Assert.NotEmpty(page.FindAll("[data-testid=drift-no-reference]"));
        Assert.Empty(page.FindAll("[data-testid=evaluate]"));
    }

    [Fact]
    public async Task TheDashboardOfANewWorkflowCountsNothingYet()
    {
        var workflow = await Api.WorkflowAsync();
        SignIn(ApiSession.AdminUser, Roles.Manager);
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"/dashboard?workflow={workflow.Key}");

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-testid=kpi-items]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=dashboard-error]"));
    }
}
