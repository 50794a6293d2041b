using System.Net.Http.Json;
using System.Text.Json;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Review;
using ReviewConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace ReviewConsole.Browser.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class AutomationPageTests(ConsoleFixture console)
{
    [Fact]
    public async Task AnMlLeadPromotesOnThePageAndTheReviewerSeesSuggestionsWithoutReload()
    {
        // Small gates so three agreeing shadow labels are enough evidence.
        var request = ApiSession.Workflow(ApiSession.NewKey("ladder"), level: "shadow") with
        {
            Gates = new GateSettingsRequest(MinShadowComparisons: 3, MinShadowAgreement: 0.4),
        };
        var workflow = await ApiSession.CreateWorkflowAsync(console.Admin, request);
        var (lead, reviewer) = (ApiSession.NewKey("ml"), ApiSession.NewKey("rv"));
        await ApiSession.CreateUserAsync(console.Admin, lead, "mllead");
        await ApiSession.CreateUserAsync(console.Admin, reviewer, "reviewer");
        foreach (var id in new[] { "h-1", "h-2", "h-3", "open-1" })
            await console.Admin.PostAsJsonAsync($"/api/v1/workflows/{workflow.Key}/items", new IngestItemRequest(id,
                JsonSerializer.SerializeToElement(new { amount = 42, country = "DE" }), new PredictionInput("software", 0.93)), JsonSerializerOptions.Web);
        for (var i = 0; i < 3; i++)
        {
            var claim = await (await console.Admin.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null))
                .Content.ReadFromJsonAsync<ClaimResponse>(JsonSerializerOptions.Web);
            await console.Admin.PostAsJsonAsync($"/api/v1/tasks/{claim!.TaskId}/label", new LabelRequest("software", claim.LeaseToken), JsonSerializerOptions.Web);
        }

        var reviewerPage = await console.OpenQueueAsync(reviewer, workflow.Key);
        await Expect(reviewerPage.GetByTestId("waiting-count")).ToHaveTextAsync("1");
        await reviewerPage.Keyboard.PressAsync("n");
        await Expect(reviewerPage.GetByTestId("current-external-id")).ToHaveTextAsync("open-1");
        await Expect(reviewerPage.GetByTestId("suggestion")).ToHaveCountAsync(0);

        var leadPage = await console.SignInAsync(lead);
        await console.OpenAsync(leadPage, $"/workflows/{workflow.Key}/automation");
        await Expect(leadPage.Locator("[data-gate=shadow-comparisons] .rc-gate-mark")).ToHaveTextAsync("✓");
        await leadPage.FillAsync("#justification", "Shadow agreement is high on the pilot sample.");
        await leadPage.GetByTestId("promote").ClickAsync();
        await Expect(leadPage.GetByTestId("automation-error")).ToHaveCountAsync(0);

        await Expect(leadPage.Locator(".rc-page-head .rc-level")).ToHaveTextAsync("assist");
        await Expect(leadPage.GetByTestId("history")).ToContainTextAsync("Shadow agreement is high");
        await Expect(reviewerPage.GetByTestId("suggestion")).ToContainTextAsync("software");
        await Expect(reviewerPage.Locator(".rc-page-head .rc-level")).ToHaveTextAsync("assist");
    }
}
