using System.Net.Http.Json;
using System.Text.Json;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace ReviewConsole.Browser.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class DriftPanelTests(ConsoleFixture console)
{
    private static BatchIngestRequest Stream(int seed, int count, double scale)
    {
        var random = new Random(seed);
        return new BatchIngestRequest(Enumerable.Range(0, count).Select(i => new IngestItemRequest($"dr{seed}-{i}",
            JsonSerializer.SerializeToElement(new { amount = Math.Round((100 + random.NextDouble() * 900) * scale, 2), country = "DE" }),
            new PredictionInput("travel", 0.8))).ToList());
    }

    [Fact]
    public async Task ThePanelShowsANewAlertLiveAndRetrainStartsAJob()
    {
        var workflow = await ApiSession.CreateWorkflowAsync(console.Admin, ApiSession.Workflow(ApiSession.NewKey("drift"), level: "shadow"));
        var lead = ApiSession.NewKey("dl");
        await ApiSession.CreateUserAsync(console.Admin, lead, "mllead");
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        (await console.Admin.PostAsJsonAsync($"/api/v1/workflows/{workflow.Key}/items:batch", Stream(1, 400, 1), JsonSerializerOptions.Web)).EnsureSuccessStatusCode();
        await Task.Delay(2500);
        var boundary = DateTimeOffset.UtcNow;
        await Task.Delay(1100);
        (await console.Admin.PostAsJsonAsync($"/api/v1/workflows/{workflow.Key}/items:batch", Stream(2, 400, 3), JsonSerializerOptions.Web)).EnsureSuccessStatusCode();
        await Task.Delay(2500);

        var page = await console.SignInAsync(lead);
        await console.OpenAsync(page, $"/workflows/{workflow.Key}/drift");
        await Expect(page.GetByTestId("drift-features")).ToBeVisibleAsync();
        await Expect(page.Locator(".rc-status-up")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("alert")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("agreement-drift")).ToContainTextAsync("Too few labelled items");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "last 1,000 items" }).ClickAsync();
        await Expect(page.GetByText("holds at least the items asked for")).ToBeVisibleAsync();
        await Expect(page.GetByText("(800 items)")).ToBeVisibleAsync();

        // Someone (here: the Api client of an ML pipeline) evaluates the shifted windows: the open page shows the alert live.
        string At(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));
        (await console.Admin.PostAsync($"/api/v1/workflows/{workflow.Key}/drift:evaluate?referenceFrom={At(start)}&referenceTo={At(boundary)}" +
            $"&currentFrom={At(boundary)}&currentTo={At(DateTimeOffset.UtcNow.AddMinutes(1))}", null)).EnsureSuccessStatusCode();
        await Expect(page.GetByTestId("alert")).ToContainTextAsync("amount");
        await Expect(page.GetByTestId("alert-toast")).ToContainTextAsync("Drift");

        // Without human labels there is nothing to learn from: the page says so and no job starts.
        await page.GetByTestId("retrain").ClickAsync();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Train", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("drift-action-error")).ToContainTextAsync("at least 50 human labels");

        // Reviewers label 60 items (the amount decides the label); then retraining starts a job that ends in a challenger.
        for (var i = 0; i < 60; i++)
        {
            var claim = await (await console.Admin.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null)).Content
                .ReadFromJsonAsync<ReviewConsole.Contracts.Review.ClaimResponse>(JsonSerializerOptions.Web);
            var label = claim!.Item.Features.GetProperty("amount").GetDouble() > 500 ? "software" : "travel";
            (await console.Admin.PostAsJsonAsync($"/api/v1/tasks/{claim.TaskId}/label",
                new ReviewConsole.Contracts.Review.LabelRequest(label, claim.LeaseToken), JsonSerializerOptions.Web)).EnsureSuccessStatusCode();
        }
        await page.GetByTestId("retrain").ClickAsync();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Train", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("drift-notice")).ToContainTextAsync("Training started");
        var jobs = await console.Admin.GetFromJsonAsync<List<TrainingJobResponse>>($"/api/v1/workflows/{workflow.Key}/models/jobs", JsonSerializerOptions.Web);
        Assert.Equal(lead, Assert.Single(jobs!).RequestedBy);

        // The models page names the trainer that won and both validation scores.
        await console.OpenAsync(page, $"/workflows/{workflow.Key}/models");
        await page.Locator("[data-testid=models] tr", new() { HasText = "builtin-1" }).ClickAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("trainer-choice")).ToContainTextAsync("Trained by");
        await Expect(page.GetByTestId("trainer-candidates").Locator("tbody tr")).ToHaveCountAsync(2);
    }
}
