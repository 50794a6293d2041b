using System.Net.Http.Json;
using System.Text.Json;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace ReviewConsole.Browser.Tests;

/// <summary>Issue 13: a reviewer sees team-drafted suggestions, accepts one by its key, and the pick is credited to the version that proposed it.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class InterleavingTests(ConsoleFixture console)
{
    [Fact]
    public async Task AReviewerAcceptsARankedSuggestionByItsKeyAndThePickIsCredited()
    {
        HttpClient Create() => new() { BaseAddress = new Uri(console.Url) };
        var (workflow, client) = await RolloutScenarios.WithChampionAndBuiltInAsync(console.Admin, Create, console.ConnectionString);
        await TestPostgres.ExecuteAsync(console.ConnectionString, $"UPDATE workflows SET level = 'assist' WHERE key = '{workflow}'");
        (await console.Admin.PostAsJsonAsync($"/api/v1/workflows/{workflow}/rollouts",
            new StartRolloutRequest("interleaved", "builtin-1", "Which suggestions help?"), JsonSerializerOptions.Web)).EnsureSuccessStatusCode();
        // 900 is software by the reviewers' rule: only builtin-1 proposes it (the champion "ext" says travel).
        (await client.PostAsJsonAsync($"/api/v1/workflows/{workflow}/items", RolloutScenarios.Invoice("pick-1", 900), JsonSerializerOptions.Web))
            .EnsureSuccessStatusCode();
        var reviewer = ApiSession.NewKey("rv");
        await ApiSession.CreateUserAsync(console.Admin, reviewer, "reviewer");

        var page = await console.OpenQueueAsync(reviewer, workflow);
        await page.Keyboard.PressAsync("n");
        var software = page.Locator("[data-testid=suggestions] button", new() { HasText = "software" });
        await Expect(software).ToHaveCountAsync(1);
        var rank = int.Parse(await software.GetAttributeAsync("data-suggestion") ?? "0");
        await page.Keyboard.PressAsync(((char)('a' + rank - 1)).ToString());
        await Expect(page.GetByTestId("labelled-count")).ToHaveTextAsync("1");

        var rollout = await (await console.Admin.GetAsync($"/api/v1/workflows/{workflow}/rollout")).Content.ReadFromJsonAsync<RolloutResponse>(JsonSerializerOptions.Web);
        Assert.Equal((1L, 0L), (rollout!.Interleaving!.ChallengerWins, rollout.Interleaving.ChampionWins));
        Assert.Equal(1, rollout.Interleaving.PickRanks[rank]);
    }
}
