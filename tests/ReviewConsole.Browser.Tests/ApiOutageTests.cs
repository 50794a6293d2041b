using Microsoft.Playwright;
using ReviewConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace ReviewConsole.Browser.Tests;

/// <summary>Has a console of its own: it stops and restarts the Api under an open review page.</summary>
public sealed class ApiOutageTests : IAsyncLifetime
{
    private readonly ConsoleFixture _console = new();

    public Task InitializeAsync() => _console.InitializeAsync();

    public Task DisposeAsync() => _console.DisposeAsync();

    [Fact]
    public async Task TheReviewPageSaysTheApiIsUnreachableAndRecoversByItself()
    {
        var workflow = await ApiSession.CreateWorkflowAsync(_console.Admin, ApiSession.Workflow(ApiSession.NewKey("down"), level: "manual"));
        var page = await _console.OpenQueueAsync(ApiSession.AdminUser, workflow.Key, ApiSession.AdminPassword);

        _console.StopApi();
        await page.Keyboard.PressAsync("n");

        await Expect(page.GetByTestId("api-down")).ToBeVisibleAsync();
        await _console.StartApiAsync();
        await Expect(page.GetByTestId("api-down")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await Expect(page.Locator(".rc-status-up")).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }
}
