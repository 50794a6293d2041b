using System.Net.Http.Json;
using System.Text.Json;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace ReviewConsole.Browser.Tests;

/// <summary>Issue 12: an ML lead starts a canary in the console and watches it roll back by itself, live.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class CanaryRollbackTests(ConsoleFixture console)
{
    [Fact]
    public async Task AWorseChallengersCanaryRollsBackLiveOnTheOpenPage()
    {
        HttpClient Create() => new() { BaseAddress = new Uri(console.Url) };
        var (workflow, client) = await RolloutScenarios.WithChampionAndBuiltInAsync(console.Admin, Create, console.ConnectionString, "partial", builtInRight: false);
        var lead = ApiSession.NewKey("cl");
        await ApiSession.CreateUserAsync(console.Admin, lead, "mllead");
        var page = await console.SignInAsync(lead);
        await console.OpenAsync(page, $"/workflows/{workflow}/models");

        // "Roll out…" opens the Rollouts page with the version chosen; a canary is the default beside a champion.
        await page.GetByTestId("champion-builtin-1").ClickAsync();
        await Expect(page.GetByTestId("rollout-version")).ToHaveValueAsync("builtin-1");
        await Expect(page.GetByTestId("start-rollout-button")).ToHaveTextAsync("Start the canary");
        await page.FillAsync("#rollout-why", "The new model, on a small share first.");
        await page.GetByTestId("start-rollout-button").ClickAsync();
        await Expect(page.GetByTestId("canary-panel")).ToContainTextAsync("decides 1% of units");

        // The ML lead widens the share by hand to 50% (the API, as a script would), then traffic arrives and is audited.
        for (var i = 0; i < 4; i++)
            (await console.Admin.PostAsJsonAsync($"/api/v1/workflows/{workflow}/rollout:advance", new RolloutActionRequest("Widen."), JsonSerializerOptions.Web))
                .EnsureSuccessStatusCode();
        await Expect(page.GetByTestId("canary-panel")).ToContainTextAsync("decides 50% of units");
        (await client.PostAsJsonAsync($"/api/v1/workflows/{workflow}/items:batch",
            new BatchIngestRequest(Enumerable.Range(0, 120).Select(i => RolloutScenarios.Invoice($"live-{i}", 100 + i * 7.5)).ToList()), JsonSerializerOptions.Web))
            .EnsureSuccessStatusCode();
        await RolloutScenarios.LabelAllAsync(console.Admin, Create, workflow);

        // (The workflow's guardrail may also demote it: the challenger's wrong decisions were audited decisions too.)
        await Expect(page.GetByTestId("alert-toast").Filter(new() { HasText = "rolled back by itself" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("canary-panel")).ToHaveCountAsync(0);
    }
}
