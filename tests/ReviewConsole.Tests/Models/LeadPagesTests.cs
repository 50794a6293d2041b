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
    public async Task AnMlLeadMayAskForOneTrainer()
    {
        var workflow = await Api.WorkflowAsync();
        for (var i = 0; i < 60; i++)
            await Api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item($"t-{i}", i % 2 == 0 ? "travel" : "office"));
        while (await Api.Admin.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null) is { StatusCode: System.Net.HttpStatusCode.OK } claimed)
        {
            var task = await claimed.ReadAsync<Contracts.Review.ClaimResponse>();
            await Api.Admin.PostJsonAsync($"/api/v1/tasks/{task.TaskId}/label", new Contracts.Review.LabelRequest(task.TaskId % 2 == 0 ? "travel" : "office", task.LeaseToken));
        }
        SignIn(ApiSession.AdminUser, Roles.MlLead);
        var page = Render<ModelsPage>(p => p.Add(x => x.Key, workflow.Key));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=trainer]")));

        await page.InvokeAsync(() => page.Find("[data-testid=trainer]").Change("boosted-trees"));
        await page.InvokeAsync(() => page.Find("[data-testid=train]").Click());

        // The click's handler runs on: wait until the job is queued.
        long queued = 0;
        for (var i = 0; i < 50 && queued == 0; i++, await Task.Delay(100))
            queued = await Api.CountAsync($"""
                SELECT count(*) FROM training_jobs j JOIN workflows w ON w.id = j.workflow_id
                WHERE w.key = '{workflow.Key}' AND j.options->>'trainer' = 'boosted-trees'
                """);
        Assert.Equal(1, queued);
        Assert.Empty(page.FindAll("[data-testid=models-action-error]"));
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
