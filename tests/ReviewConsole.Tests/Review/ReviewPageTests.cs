using Microsoft.Extensions.DependencyInjection;
using Bunit;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Features.Review;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Review;

/// <summary>The review page's keyboard handling: review.js forwards keys to OnShortcut, which bUnit calls directly.</summary>
public sealed class ReviewPageTests(ApiFixture api) : PageContext(api), IClassFixture<ApiFixture>
{
    [Fact]
    public async Task NClaimsTheNextItemAndADigitLabelsIt()
    {
        var workflow = await Api.WorkflowAsync();
        await Api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("kb-1"));
        SignIn(ApiSession.AdminUser, Roles.Admin);
        var page = Render<ReviewPage>(p => p.Add(x => x.Key, workflow.Key));
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=waiting-count]").TextContent));

        await page.InvokeAsync(() => page.Instance.OnShortcut("n"));
        page.WaitForAssertion(() => Assert.Equal("kb-1", page.Find("[data-testid=current-external-id]").TextContent));
        await page.InvokeAsync(() => page.Instance.OnShortcut("1"));

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=labelled-count]").TextContent));
        var item = await (await Api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/items/kb-1")).ReadAsync<Contracts.Items.ItemResponse>();
        Assert.Equal("decided", item.Status);
    }

    [Fact]
    public async Task InAssistTheRankedSuggestionsShowAndBAcceptsTheSecond()
    {
        var workflow = await Api.WorkflowAsync();
        await Api.CountAsync($"WITH u AS (UPDATE workflows SET level = 'assist' WHERE key = '{workflow.Key}' RETURNING 1) SELECT count(*) FROM u");
        await Api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("rank-1") with
        {
            Prediction = new Contracts.Items.PredictionInput("travel", 0.6, new Dictionary<string, double> { ["travel"] = 0.6, ["office"] = 0.3, ["software"] = 0.1 }, "m1"),
        });
        SignIn(ApiSession.AdminUser, Roles.Admin);
        var page = Render<ReviewPage>(p => p.Add(x => x.Key, workflow.Key));
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=waiting-count]").TextContent));

        await page.InvokeAsync(() => page.Instance.OnShortcut("n"));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=suggestions] button").Count));
        Assert.Equal(["A travel", "B office", "C software"], page.FindAll("[data-testid=suggestions] button").Select(b => b.TextContent.Trim().Replace("  ", " ")));
        await page.InvokeAsync(() => page.Instance.OnShortcut("b"));

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=labelled-count]").TextContent));
        var item = await (await Api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/items/rank-1")).ReadAsync<Contracts.Items.ItemResponse>();
        Assert.Equal("office", item.Decision?.Label);
    }

    [Fact]
    public async Task NWithNothingWaitingSaysSoInsteadOfClaiming()
    {
        var workflow = await Api.WorkflowAsync();
        SignIn(ApiSession.AdminUser, Roles.Admin);
        var page = Render<ReviewPage>(p => p.Add(x => x.Key, workflow.Key));
        // The counter reads 0 before the queue has loaded too: wait for the loaded queue's own words.
        page.WaitForAssertion(() => Assert.Contains("The queue is empty", page.Markup));

        // A shortcut pressed while the page is still busy loading is ignored, as a key press would be: press again until it is heard.
        for (var i = 0; i < 75 && page.FindAll("[data-testid=notice]").Count == 0; i++)
        {
            await page.InvokeAsync(() => page.Instance.OnShortcut("n"));
            await Task.Delay(200);
        }

        page.WaitForAssertion(() => Assert.Contains("Nothing is waiting", page.Find("[data-testid=notice]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=current-external-id]"));
    }

    [Fact]
    public async Task AfterALabelTheReviewerIsOfferedACorrection()
    {
        var workflow = await Api.WorkflowAsync();
        await Api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("fix-1"));
        SignIn(ApiSession.AdminUser, Roles.Admin);
        var page = Render<ReviewPage>(p => p.Add(x => x.Key, workflow.Key));
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=waiting-count]").TextContent));

        await page.InvokeAsync(() => page.Instance.OnShortcut("n"));
        page.WaitForAssertion(() => Assert.Equal("fix-1", page.Find("[data-testid=current-external-id]").TextContent));
        await page.InvokeAsync(() => page.Instance.OnShortcut("2"));

        page.WaitForAssertion(() => Assert.Contains("Correct label", page.Find("[data-testid=last-action]").TextContent));
    }

    [Fact]
    public async Task AnMlLeadWorksTheEscalationQueueWithTheNoteShown()
    {
        var workflow = await Api.WorkflowAsync();
        await Api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("esc-1"));
        var reviewer = await Api.UserAsync(Roles.Reviewer);
        var claim = await (await reviewer.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null)).ReadAsync<Contracts.Review.ClaimResponse>();
        await reviewer.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}:escalate", new Contracts.Review.EscalateRequest(claim.LeaseToken, "Vendor unknown"));
        SignIn(ApiSession.AdminUser, Roles.Admin);
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"/review/{workflow.Key}?queue=escalations");
        var page = Render<ReviewPage>(p => p.Add(x => x.Key, workflow.Key));
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=waiting-count]").TextContent));
        Assert.Contains("General queue (0 waiting)", page.Find("[data-testid=general-queue-link]").TextContent);

        await page.InvokeAsync(() => page.Instance.OnShortcut("n"));

        page.WaitForAssertion(() => Assert.Equal("esc-1", page.Find("[data-testid=current-external-id]").TextContent));
        Assert.Contains("Vendor unknown", page.Markup);
    }

    [Fact]
    public void AnUnknownWorkflowSaysSoInsteadOfOfferingAQueue()
    {
        SignIn(ApiSession.AdminUser, Roles.Admin);

        var page = Render<ReviewPage>(p => p.Add(x => x.Key, "no-such-workflow"));

        page.WaitForAssertion(() => Assert.Contains("no workflow", page.Find("[data-testid=no-workflow]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=claim]"));
    }
}
