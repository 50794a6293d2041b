using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Testing;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReviewConsole.Browser.Tests;

/// <summary>
/// product.md: a label made in one browser appears in another reviewer's open console, p95 &lt;= 150 ms. Both
/// pages run in one Chromium on this machine, so Date.now() is one clock: from the key press in A's page to the
/// moment B's "in review" counter drops, through the host, PostgreSQL NOTIFY and B's circuit.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class LiveLatencyTests(ConsoleFixture console, ITestOutputHelper output)
{
    private const int Labels = 20;

    [Fact]
    public async Task ALabelInOneBrowserReachesAnotherReviewersConsoleQuickly()
    {
        var workflow = await ApiSession.CreateWorkflowAsync(console.Admin, ApiSession.Workflow(ApiSession.NewKey("lat"), level: "manual"));
        var (a, b) = (ApiSession.NewKey("la"), ApiSession.NewKey("lb"));
        await ApiSession.CreateUserAsync(console.Admin, a, "reviewer");
        await ApiSession.CreateUserAsync(console.Admin, b, "reviewer");
        var pageA = await console.OpenQueueAsync(a, workflow.Key);
        var pageB = await console.OpenQueueAsync(b, workflow.Key);
        var inReviewB = pageB.GetByTestId("in-review-count");

        var latencies = new List<double>();
        for (var i = 0; i < Labels; i++)
        {
            // One item at a time: after a label the page claims the next one, which would hide the label's own update.
            var posted = await console.Admin.PostAsJsonAsync($"/api/v1/workflows/{workflow.Key}/items", new IngestItemRequest($"lat-{i}",
                JsonSerializer.SerializeToElement(new { amount = 10.0 + i, country = "DE", description = "Taxi" }), null), JsonSerializerOptions.Web);
            posted.EnsureSuccessStatusCode();
            await Expect(pageA.GetByTestId("waiting-count")).ToHaveTextAsync("1");
            await pageA.Keyboard.PressAsync("n");
            await Expect(inReviewB).ToHaveTextAsync("1");
            await pageB.EvaluateAsync("""
                () => {
                  window.__seenAt = null;
                  // Observes the whole page: Blazor may replace the counter element rather than its text.
                  const observer = new MutationObserver(() => {
                    const counter = document.querySelector('[data-testid=in-review-count]');
                    if (counter && counter.textContent.trim() === '0') { window.__seenAt = Date.now(); observer.disconnect(); }
                  });
                  observer.observe(document.body, { childList: true, characterData: true, subtree: true });
                }
                """);
            var pressedAt = await pageA.EvaluateAsync<double>("() => Date.now()");
            await pageA.Keyboard.PressAsync("1");
            await pageB.WaitForFunctionAsync("() => window.__seenAt !== null");
            latencies.Add(await pageB.EvaluateAsync<double>("() => window.__seenAt") - pressedAt);
            // After its label page A claims the next item: let that claim find the queue empty before the next item
            // arrives, or page A takes it and its waiting counter never shows 1.
            await Expect(pageA.GetByTestId("notice")).ToContainTextAsync("Nothing is waiting");
        }

        latencies.Sort();
        var p50 = latencies[latencies.Count / 2];
        var p95 = latencies[(int)Math.Ceiling(latencies.Count * 0.95) - 1];
        output.WriteLine($"label in browser A -> visible in browser B over {Labels} labels: p50 {p50:F0} ms, p95 {p95:F0} ms, max {latencies[^1]:F0} ms (target p95 <= 150 ms)");
        // A guard against breakage only (a lost event would never arrive); the figure itself is recorded in docs/benchmarks.md.
        Assert.True(p95 < 2_000, $"p95 {p95:F0} ms");
    }
}
