using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace ReviewConsole.Browser.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ReviewLoopTests(ConsoleFixture console)
{
    [Fact]
    public async Task TwoReviewersSeeAnItemLiveAndOnlyTheClaimerLabelsIt()
    {
        var workflow = await ApiSession.CreateWorkflowAsync(console.Admin, ApiSession.Workflow(ApiSession.NewKey("live"), level: "shadow"));
        var apiKey = await ApiSession.CreateApiKeyAsync(console.Admin, workflow.Key);
        var (a, b) = (ApiSession.NewKey("ra"), ApiSession.NewKey("rb"));
        await ApiSession.CreateUserAsync(console.Admin, a, "reviewer");
        await ApiSession.CreateUserAsync(console.Admin, b, "reviewer");
        var pageA = await console.OpenQueueAsync(a, workflow.Key);
        var pageB = await console.OpenQueueAsync(b, workflow.Key);
        await Expect(pageA.GetByTestId("waiting-count")).ToHaveTextAsync("0");

        // An item posted through the public API appears in both open queues, live.
        using var client = new HttpClient { BaseAddress = new Uri(console.Url) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var posted = await client.PostAsJsonAsync($"/api/v1/workflows/{workflow.Key}/items", new IngestItemRequest("live-1",
            JsonSerializer.SerializeToElement(new { amount = 1249.5, country = "DE", description = "Flight to Berlin for the customer workshop" }),
            new PredictionInput("travel", 0.91)), JsonSerializerOptions.Web);
        posted.EnsureSuccessStatusCode();
        foreach (var page in new[] { pageA, pageB })
        {
            await Expect(page.GetByTestId("next-up")).ToContainTextAsync("live-1");
            await Expect(page.GetByTestId("waiting-count")).ToHaveTextAsync("1");
        }

        // A claims it; B sees it taken and is never given it.
        await pageA.GetByTestId("claim").ClickAsync();
        await Expect(pageA.GetByTestId("current-external-id")).ToHaveTextAsync("live-1");
        await Expect(pageA.GetByTestId("suggestion")).ToHaveCountAsync(0);
        await Expect(pageB.GetByTestId("in-review-count")).ToHaveTextAsync("1");
        await Expect(pageB.GetByTestId("reviewers")).ToContainTextAsync(a);
        await Expect(pageB.GetByTestId("waiting-count")).ToHaveTextAsync("0");
        await pageB.Keyboard.PressAsync("n");
        await Expect(pageB.GetByTestId("notice")).ToContainTextAsync("Nothing is waiting");
        await Expect(pageB.GetByTestId("current-external-id")).ToHaveCountAsync(0);
        await ScreenshotAsync(pageA, "reviewer-page.png");

        // A labels it with the keyboard: 2 is the second label, "software".
        await pageA.Keyboard.PressAsync("2");
        await Expect(pageA.GetByTestId("labelled-count")).ToHaveTextAsync("1");

        var item = await client.GetFromJsonAsync<ItemResponse>($"/api/v1/workflows/{workflow.Key}/items/live-1", JsonSerializerOptions.Web);
        Assert.Equal(("decided", "software", "human", a), (item!.Status, item.Decision!.Label, item.Decision.Source, item.Decision.DecidedBy));
        await Expect(pageB.GetByTestId("in-review-count")).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task NavigationFollowsRolesAndTheWorkflowsPageUpdatesLive()
    {
        var workflow = await ApiSession.CreateWorkflowAsync(console.Admin, ApiSession.Workflow(ApiSession.NewKey("nav"), level: "assist"));
        var reviewer = ApiSession.NewKey("rv");
        await ApiSession.CreateUserAsync(console.Admin, reviewer, "reviewer");

        var reviewerPage = await console.SignInAsync(reviewer);
        var adminPage = await console.SignInAsync(ApiSession.AdminUser, ApiSession.AdminPassword);

        await Expect(reviewerPage.Locator("nav.rc-nav")).Not.ToContainTextAsync("Users");
        await Expect(adminPage.Locator("nav.rc-nav")).ToContainTextAsync("Users");
        await Expect(adminPage.GetByTestId($"queue-depth-{workflow.Key}")).ToHaveTextAsync("0");

        await console.Admin.PostAsJsonAsync($"/api/v1/workflows/{workflow.Key}/items", new IngestItemRequest("nav-1",
            JsonSerializer.SerializeToElement(new { amount = 10 }), new PredictionInput("office", 0.7)), JsonSerializerOptions.Web);

        await Expect(adminPage.GetByTestId($"queue-depth-{workflow.Key}")).ToHaveTextAsync("1");
        await ScreenshotAsync(adminPage, "workflows-page.png");
        await reviewerPage.GotoAsync($"{console.Url}/admin/users");
        await Expect(reviewerPage.Locator("body")).ToContainTextAsync("does not give access");
    }

    [Fact]
    public async Task ALostLeaseIsSaidPlainlyAndTheReviewerMovesOn()
    {
        var workflow = await ApiSession.CreateWorkflowAsync(console.Admin, ApiSession.Workflow(ApiSession.NewKey("lost"), level: "manual"));
        var reviewer = ApiSession.NewKey("rl");
        await ApiSession.CreateUserAsync(console.Admin, reviewer, "reviewer");
        var page = await console.OpenQueueAsync(reviewer, workflow.Key);
        await console.Admin.PostAsJsonAsync($"/api/v1/workflows/{workflow.Key}/items", new IngestItemRequest("lost-1",
            JsonSerializer.SerializeToElement(new { amount = 5 })), JsonSerializerOptions.Web);
        await Expect(page.GetByTestId("waiting-count")).ToHaveTextAsync("1");
        await page.Keyboard.PressAsync("n");
        await Expect(page.GetByTestId("current-external-id")).ToHaveTextAsync("lost-1");

        await TestPostgres.ExecuteAsync(console.ConnectionString, "UPDATE review_tasks SET lease_expires_at = now() - interval '1 second'");
        await page.Keyboard.PressAsync("1");

        await Expect(page.GetByTestId("notice")).ToContainTextAsync("lease on that item was lost");
        await Expect(page.GetByTestId("current-external-id")).ToHaveCountAsync(0);
    }

    /// <summary>Keeps the pictures in docs/ current when asked (RC_SCREENSHOTS=1); CI leaves the tree alone.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("RC_SCREENSHOTS") == "1"
            ? Path.Combine(ConsoleFixture.RepoRoot, "docs")
            : Path.Combine(Path.GetTempPath(), "reviewconsole-screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name), FullPage = true });
    }
}
