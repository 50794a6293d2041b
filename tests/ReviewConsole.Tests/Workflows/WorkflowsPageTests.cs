using Bunit;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Features.Workflows;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Workflows;

public sealed class WorkflowsPageTests(ApiFixture api) : PageContext(api), IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AWorkflowIsListedWithItsQueueDepth()
    {
        var workflow = await Api.WorkflowAsync();
        SignIn(ApiSession.AdminUser, Roles.Admin);

        var page = Render<WorkflowsPage>();

        page.WaitForAssertion(() => Assert.Equal("0", page.Find($"[data-testid=queue-depth-{workflow.Key}]").TextContent));
    }

    [Fact]
    public async Task AReviewerSeesTheQueueButNotTheLeadsPages()
    {
        var workflow = await Api.WorkflowAsync();
        var reviewer = (await Api.UserAsync(Roles.Reviewer)).User();
        SignIn(reviewer, Roles.Reviewer);

        var page = Render<WorkflowsPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-testid=queue-depth-{workflow.Key}]")));
        Assert.Contains("Review queue", page.Markup);
        Assert.DoesNotContain(">Automation<", page.Markup);
        Assert.DoesNotContain(">Drift<", page.Markup);
    }

    [Fact]
    public void AManagerSeesTheLeadsPagesButNoReviewQueue()
    {
        SignIn(ApiSession.AdminUser, Roles.Manager);

        var page = Render<WorkflowsPage>();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-progress-circular")));
        Assert.DoesNotContain("Review queue", page.Markup);
    }
}
