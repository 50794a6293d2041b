using System.Net;
using System.Text.Json;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Contracts.Drift;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Workflows;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Drift;

/// <summary>
/// Event time: a backfill of two periods in one call is compared period against period; the reference holds enough
/// items or the report says so; the default reference is the first that holds enough.
/// </summary>
public sealed class EventTimeDriftTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly string[] Vendors = ["Lufthansa", "Dell", "Staples", "Telekom", "KPMG"];
    private static readonly string[] Countries = ["DE", "FR", "NL"];
    private static readonly string[] Phrases = ["train tickets to berlin", "hotel for the workshop", "laptops for new hires", "printer toner"];

    /// <summary>scipy 1.10.1's ks_2samp statistic on the raw amounts below (tests/ReviewConsole.Tests/Drift/backfill_reference.py).</summary>
    private const double ScipyKs = 0.245000;

    private static double Logit(double p) => Math.Log(p / (1 - p));

    /// <summary>
    /// Invoices whose amounts are logistic quantiles on a grid (so scipy sees the same values); the current period's
    /// amounts are shifted and 15% of its invoices come from a new country. Everything else is the same in both.
    /// </summary>
    private static IngestItemRequest Invoice(string period, int i, DateTimeOffset occurredAt)
    {
        var current = period == "current";
        var amount = Math.Round(Math.Exp((current ? 6.4 : 6.0) + 0.4 * Logit((i + (current ? 0.25 : 0.5)) / 2000.0)), 2);
        var country = current && i % 20 < 3 ? "US" : Countries[i % 3];
        return new IngestItemRequest($"{period}-{i}",
            JsonSerializer.SerializeToElement(new { amount, line_items = i % 12 + 1, vendor = Vendors[i % 5], country, description = Phrases[i % 4] }),
            new PredictionInput(i % 2 == 0 ? "travel" : "office", 0.6 + i % 30 / 100.0), OccurredAt: occurredAt);
    }

    private async Task<(string Key, HttpClient Client)> WorkflowAsync()
    {
        var key = ApiSession.NewKey("ev");
        await ApiSession.CreateWorkflowAsync(api.Admin, new CreateWorkflowRequest(key, "Invoices", ["travel", "office"],
            [
                new FeatureDefinition("amount", "numeric"), new FeatureDefinition("line_items", "numeric"),
                new FeatureDefinition("vendor", "categorical"), new FeatureDefinition("country", "categorical"),
                new FeatureDefinition("description", "text"),
            ], "medium", Level: "shadow"));
        return (key, await api.ClientForAsync(key));
    }

    private static async Task PostAsync(HttpClient client, string key, IEnumerable<IngestItemRequest> items) =>
        (await client.PostJsonAsync($"/api/v1/workflows/{key}/items:batch", new BatchIngestRequest(items.ToList()))).EnsureSuccessStatusCode();

    private static string At(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));

    private async Task<DriftReportResponse> ReportAsync(string key, string query = "") =>
        await (await api.Admin.GetAsync($"/api/v1/workflows/{key}/drift?{query}")).ReadAsync<DriftReportResponse>();

    [Fact]
    public async Task ABackfillOfTwoPeriodsInOneCallIsFlaggedExactlyOnWhatChanged()
    {
        var (key, client) = await WorkflowAsync();
        var now = DateTimeOffset.UtcNow;
        var (referenceStart, currentStart) = (now.AddDays(-3), now.AddHours(-2));
        // One call, two periods: 100 items a second of event time, so each period spans 20 one-second buckets.
        await PostAsync(client, key, Enumerable.Range(0, 2000).Select(i => Invoice("reference", i, referenceStart.AddMilliseconds(10 * i)))
            .Concat(Enumerable.Range(0, 2000).Select(i => Invoice("current", i, currentStart.AddMilliseconds(10 * i)))));
        await api.WaitProfiledAsync(key);

        var report = await ReportAsync(key, $"referenceFrom={At(referenceStart)}&referenceTo={At(referenceStart.AddMinutes(1))}" +
                                            $"&currentFrom={At(currentStart)}&currentTo={At(currentStart.AddMinutes(1))}");

        Assert.Equal((2000, 2000), (report.Reference.Items, report.Current.Items));
        Assert.True(report.Reference.Enough);
        Assert.Equal("requested", report.Reference.Basis);
        Assert.Equal(["amount", "country"], report.Features.Where(f => f.Severity != "none").Select(f => f.Feature).Order());
        var amount = report.Features.Single(f => f.Feature == "amount");
        Assert.Equal(ScipyKs, amount.Statistic!.Value, 0.005);
        Assert.Equal("major", report.Features.Single(f => f.Feature == "country").Severity);
        // Windows resolve outwards to whole buckets (one second here), and say so.
        Assert.Equal(new DateTimeOffset(referenceStart.UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero), report.Reference.From);
        Assert.Equal(TimeSpan.Zero, report.Current.To - report.Current.To.AddTicks(-(report.Current.To.UtcTicks % TimeSpan.TicksPerSecond)));
        Assert.Contains("Compared the current window (2,000 items) with the reference asked for (2,000 items): major drift in", report.Summary);

        // By default the 7 days before the current window are the reference: the backfilled period is found by itself.
        var byDefault = await ReportAsync(key, $"currentFrom={At(currentStart)}");
        Assert.Equal(("preceding-7-days", 2000L, true), (byDefault.Reference.Basis, byDefault.Reference.Items, byDefault.Reference.Enough));
        Assert.Equal(["amount", "country"], byDefault.Features.Where(f => f.Severity != "none").Select(f => f.Feature).Order());
        Assert.Contains("The 7 days before the current window hold 2,000 items (1,000 needed): they are the reference", byDefault.Reference.Why);
    }

    [Fact]
    public async Task ATinyReferenceIsNotEnoughReferenceNotNone()
    {
        var (key, client) = await WorkflowAsync();
        var now = DateTimeOffset.UtcNow;
        await PostAsync(client, key, Enumerable.Range(0, 26).Select(i => Invoice("reference", i * 70, now.AddHours(-5).AddSeconds(i)))
            .Concat(Enumerable.Range(0, 300).Select(i => Invoice("current", i, now.AddMinutes(-30).AddMilliseconds(10 * i)))));
        await api.WaitProfiledAsync(key);

        var evaluated = await (await api.Admin.PostAsync($"/api/v1/workflows/{key}/drift:evaluate?currentFrom={At(now.AddMinutes(-40))}", null))
            .ReadAsync<DriftReportResponse>();

        Assert.Equal((26, 300, false), (evaluated.Reference.Items, evaluated.Reference.Minimum, evaluated.Reference.Enough));
        Assert.Equal("not-enough-reference", evaluated.Overall);
        // The amounts and the new country would read as major drift: on 26 items that would be noise presented as news.
        Assert.Contains(evaluated.Features, f => f.Psi > 0.25);
        Assert.All(evaluated.Features, f =>
        {
            Assert.Equal("not-enough-reference", f.Severity);
            Assert.Equal("Not enough reference yet (26 items; 300 needed)", f.Reason);
        });
        Assert.StartsWith("Not enough reference yet: the 7 days before the current window hold 26 items", evaluated.Reference.Why);
        Assert.Contains("a reference needs 300 (the smaller of the configured minimum and the current window's 300 items)", evaluated.Reference.Why);
        Assert.Contains("Backfill history with occurredAt", evaluated.Reference.Why);
        Assert.Contains("not enough reference yet (26 items; 300 needed)", evaluated.Summary);
        Assert.Empty(evaluated.Raised!);
        Assert.Empty(await (await api.Admin.GetAsync($"/api/v1/workflows/{key}/alerts")).ReadAsync<List<AlertResponse>>());
    }

    [Fact]
    public async Task TheDefaultReferenceIsTheFirstThatHoldsEnough()
    {
        var (key, client) = await WorkflowAsync();
        var now = DateTimeOffset.UtcNow;
        var current = $"currentFrom={At(now.AddMinutes(-40))}";
        await PostAsync(client, key, Enumerable.Range(0, 300).Select(i => Invoice("current", i, now.AddMinutes(-30).AddMilliseconds(10 * i))));
        await api.WaitProfiledAsync(key);

        // Nothing happened before the current window.
        var nothing = await ReportAsync(key, current);
        Assert.Equal(("not-enough-reference", false, 0L), (nothing.Overall, nothing.Reference.Enough, nothing.Reference.Items));
        Assert.Contains("nothing of the workflow happened before the current window", nothing.Reference.Why);

        // History ten days back: nothing in the 7 days before, so the workflow's earliest items, only as many buckets as hold enough.
        await PostAsync(client, key, Enumerable.Range(0, 1200).Select(i => Invoice("old", i, now.AddDays(-10).AddMilliseconds(10 * i))));
        await api.WaitProfiledAsync(key);
        var earliest = await ReportAsync(key, current);
        Assert.Equal(("earliest-items", true), (earliest.Reference.Basis, earliest.Reference.Enough));
        Assert.InRange(earliest.Reference.Items, 300, 399);
        Assert.Contains("The 7 days before the current window hold 0 items, fewer than the 300 needed; the workflow's earliest", earliest.Reference.Why);
        Assert.Equal("major", earliest.Overall); // the current period's amounts and new country, against the old invoices

        // Once the 7 days before hold enough, they are the reference.
        await PostAsync(client, key, Enumerable.Range(0, 400).Select(i => Invoice("recent", i, now.AddDays(-2).AddMilliseconds(10 * i))));
        await api.WaitProfiledAsync(key);
        var preceding = await ReportAsync(key, current);
        Assert.Equal(("preceding-7-days", 400L, true), (preceding.Reference.Basis, preceding.Reference.Items, preceding.Reference.Enough));
    }

    [Fact]
    public async Task EventTimesOutsideTheirBoundsAreProblemsNamingTheField()
    {
        var (key, client) = await WorkflowAsync();
        var now = DateTimeOffset.UtcNow;

        var future = await client.PostJsonAsync($"/api/v1/workflows/{key}/items", Invoice("x", 1, now.AddMinutes(10)));
        var tooOld = await client.PostJsonAsync($"/api/v1/workflows/{key}/items:batch",
            new BatchIngestRequest([Invoice("x", 2, now.AddDays(-1)), Invoice("x", 3, now.AddDays(-401))]));
        var notATime = await client.PostAsync($"/api/v1/workflows/{key}/items", new StringContent(
            """{"externalId":"x-4","features":{"amount":1},"occurredAt":"yesterday"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Contains("occurredAt", (await ErrorsAsync(future)).Keys);
        Assert.Equal(["items[1].occurredAt"], (await ErrorsAsync(tooOld)).Keys);
        Assert.Equal(HttpStatusCode.BadRequest, notATime.StatusCode);
        Assert.Contains("occurredAt", await notATime.Content.ReadAsStringAsync());
        Assert.Equal(0, await api.CountAsync($"SELECT count(*) FROM items i JOIN workflows w ON w.id = i.workflow_id WHERE w.key = '{key}'"));
    }

    [Fact]
    public async Task ARepeatWithAnotherEventTimeIsAConflictAndTheSameIsTheStoredAnswer()
    {
        var (key, client) = await WorkflowAsync();
        var at = new DateTimeOffset(2026, 11, 1, 8, 30, 15, 123, TimeSpan.FromHours(1)).AddTicks(4567);
        var first = await client.PostJsonAsync($"/api/v1/workflows/{key}/items", Invoice("r", 1, at));
        var same = await client.PostJsonAsync($"/api/v1/workflows/{key}/items", Invoice("r", 1, at));
        var other = await client.PostJsonAsync($"/api/v1/workflows/{key}/items", Invoice("r", 1, at.AddMinutes(1)));
        var unsaid = await client.PostJsonAsync($"/api/v1/workflows/{key}/items", Invoice("r", 1, at) with { OccurredAt = null });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.OK),
            (first.StatusCode, same.StatusCode, other.StatusCode, unsaid.StatusCode));
        Assert.Equal(["occurredAt"], (await ErrorsAsync(other)).Keys);
        var item = await (await api.Admin.GetAsync($"/api/v1/workflows/{key}/items/r-1")).ReadAsync<ItemResponse>();
        Assert.Equal(at.AddTicks(-7), item.OccurredAt); // PostgreSQL keeps microseconds
        Assert.True(item.ReceivedAt > item.OccurredAt);
    }

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response) =>
        (await response.ReadAsync<JsonElement>()).GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
}
