using ReviewConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace ReviewConsole.Browser.Tests;

/// <summary>Has a console of its own: it cuts the console's database off under an open review page.</summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private readonly ConsoleFixture _console = new();

    public Task InitializeAsync() => _console.InitializeAsync();

    public Task DisposeAsync() => _console.DisposeAsync();

    [Fact]
    public async Task TheReviewPageSaysTheDatabaseIsUnreachableAndRecoversByItself()
    {
        var workflow = await ApiSession.CreateWorkflowAsync(_console.Admin, ApiSession.Workflow(ApiSession.NewKey("down"), level: "manual"));
        var page = await _console.OpenQueueAsync(ApiSession.AdminUser, workflow.Key, ApiSession.AdminPassword);

        await _console.CutDatabaseAsync();
        await page.Keyboard.PressAsync("n");

        await Expect(page.GetByTestId("api-down")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("live-down")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await _console.RestoreDatabaseAsync();
        await Expect(page.GetByTestId("api-down")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("live")).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }
}
