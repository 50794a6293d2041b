using System.Net;
using System.Text.Json;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Contracts.Drift;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Review;

namespace ReviewConsole.Tests.Drift;

/// <summary>Agreement drift and its alert, the performance estimate slot by slot, and the "last N items" window.</summary>
public sealed class AgreementAndPerformanceTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static string At(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));

    private static List<IngestItemRequest> Items(string prefix, int count, Func<int, double> confidence) =>
        Enumerable.Range(0, count).Select(i => new IngestItemRequest($"{prefix}-{i}",
            JsonSerializer.SerializeToElement(new { amount = 100 + i % 50, country = i % 2 == 0 ? "DE" : "FR", description = "train tickets" }),
            new PredictionInput(i % 3 == 0 ? "travel" : "office", confidence(i)))).ToList();

    private static async Task PostAsync(HttpClient client, string workflow, List<IngestItemRequest> items) =>
        (await client.PostJsonAsync($"/api/v1/workflows/{workflow}/items:batch", new BatchIngestRequest(items))).EnsureSuccessStatusCode();

    /// <summary>Labels every waiting task: the model's label on the first <paramref name="agreeing"/> of each 100, another label otherwise.</summary>
    private static async Task<int> LabelAllAsync(HttpClient reviewer, string workflow, IReadOnlyDictionary<string, string> modelLabels, int agreeing)
    {
        for (var labelled = 0; ; labelled++)
        {
            var response = await reviewer.PostAsync($"/api/v1/workflows/{workflow}/tasks:claim", null);
            if (response.StatusCode == HttpStatusCode.NoContent)
                return labelled;
            var claim = await response.ReadAsync<ClaimResponse>();
            var model = modelLabels[claim.Item.ExternalId];
            var label = labelled % 100 < agreeing ? model : model == "travel" ? "office" : "travel";
            (await reviewer.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}/label", new LabelRequest(label, claim.LeaseToken))).EnsureSuccessStatusCode();
        }
    }

    [Theory]
    [InlineData(95, 60, "major")]
    [InlineData(92, 92, "none")]
    public async Task AFallInAgreementIsAnAlertOfItsOwn(int agreeingBefore, int agreeingAfter, string severity)
    {
        var workflow = await api.WorkflowAsync("shadow");
        var client = await api.ClientForAsync(workflow.Key);
        var reviewer = await api.UserAsync("reviewer");
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        var (before, after) = (Items("before", 300, _ => 0.8), Items("after", 300, _ => 0.8));
        var modelLabels = before.Concat(after).ToDictionary(i => i.ExternalId!, i => i.Prediction!.Label!);

        await PostAsync(client, workflow.Key, before);
        Assert.Equal(300, await LabelAllAsync(reviewer, workflow.Key, modelLabels, agreeingBefore));
        var boundary = await ApiFixture.NextWholeSecondAsync();
        await PostAsync(client, workflow.Key, after);
        Assert.Equal(300, await LabelAllAsync(reviewer, workflow.Key, modelLabels, agreeingAfter));

        var windows = $"referenceFrom={At(start)}&referenceTo={At(boundary)}&currentFrom={At(boundary)}&currentTo={At(DateTimeOffset.UtcNow.AddMinutes(1))}";
        var report = await (await api.Admin.PostAsync($"/api/v1/workflows/{workflow.Key}/drift:evaluate?{windows}", null)).ReadAsync<DriftReportResponse>();
        (await api.Admin.PostAsync($"/api/v1/workflows/{workflow.Key}/drift:evaluate?{windows}", null)).EnsureSuccessStatusCode();
        var alerts = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/alerts")).ReadAsync<List<AlertResponse>>();

        Assert.Equal((300, 300), (report.Agreement.ReferenceCompared, report.Agreement.CurrentCompared));
        Assert.Equal(agreeingBefore / 100.0, report.Agreement.Reference!.Value, 6);
        Assert.Equal(agreeingAfter / 100.0, report.Agreement.Current!.Value, 6);
        Assert.Equal(severity, report.Agreement.Severity);
        Assert.Equal(300, report.Performance.Series.Sum(p => p.Compared));
        Assert.Equal("none", report.Overall);
        if (severity == "none")
        {
            Assert.Empty(alerts);
            return;
        }
        // One alert of its own kind, not repeated by the second evaluation; the features did not drift, so no drift alert.
        var alert = Assert.Single(alerts);
        Assert.Equal(("agreement", "major"), (alert.Kind, alert.Severity));
        Assert.Contains("fell 35.0 points, from 95.0%", alert.Message);
        Assert.Contains("to 60.0%", alert.Message);
        Assert.True(report.Agreement.ChangeUpper < -0.10, "the fall is at least 10 points with 99.9% confidence");
    }

    [Fact]
    public async Task ExpectedAccuracySitsBesideTheAuditsSlotBySlot()
    {
        var workflow = await api.WorkflowAsync("partial", threshold: 0.7);
        var client = await api.ClientForAsync(workflow.Key);
        var items = Items("auto", 1000, i => 0.75 + i % 20 / 100.0);

        await PostAsync(client, workflow.Key, items[..500]);
        var boundary = await ApiFixture.NextWholeSecondAsync();
        await PostAsync(client, workflow.Key, items[500..]);
        var audits = await LabelAllAsync(await api.UserAsync("reviewer"), workflow.Key,
            items.ToDictionary(i => i.ExternalId!, i => i.Prediction!.Label!), agreeing: 100);
        // Two slots split at the boundary: one batch in each.
        var report = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/drift?slots=2" +
            $"&currentFrom={At(boundary.AddSeconds(-20))}&currentTo={At(boundary.AddSeconds(20))}")).ReadAsync<DriftReportResponse>();

        var performance = report.Performance;
        Assert.Equal(1000, performance.AutoDecided);
        Assert.Equal(items.Average(i => i.Prediction!.Confidence!.Value), performance.ExpectedAccuracy!.Value, 9);
        Assert.InRange(audits, 20, 90);
        Assert.Equal((audits, 1.0), (performance.Audits, performance.MeasuredAccuracy!.Value));
        Assert.Equal([500, 500], performance.Series.Select(p => p.AutoDecided));
        Assert.Equal(items[..500].Average(i => i.Prediction!.Confidence!.Value), performance.Series[0].ExpectedAccuracy!.Value, 9);
        Assert.Equal(audits, performance.Series.Sum(p => p.Audits));
        Assert.All(performance.Series.Where(p => p.Audits > 0), p =>
        {
            Assert.InRange(p.MeasuredLower!.Value, 0.8, 0.99);
            Assert.Equal(1, p.MeasuredUpper!.Value, 9);
        });
    }

    [Fact]
    public async Task TheCurrentWindowCanBeTheLastNItems()
    {
        var workflow = await api.WorkflowAsync();
        var client = await api.ClientForAsync(workflow.Key);
        await PostAsync(client, workflow.Key, Items("old", 300, _ => 0.8));
        await ApiFixture.NextWholeSecondAsync();
        await PostAsync(client, workflow.Key, Items("new", 500, _ => 0.8));
        await api.WaitProfiledAsync(workflow.Key);

        var last500 = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/drift?currentItems=500")).ReadAsync<DriftReportResponse>();
        var last400 = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/drift?currentItems=400")).ReadAsync<DriftReportResponse>();
        var moreThanExist = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/drift?currentItems=10000")).ReadAsync<DriftReportResponse>();
        var heat = await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/drift/heatmap?currentItems=500");
        var overlay = await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/drift/features/amount?currentItems=500");

        Assert.Equal((300, 500), (last500.Reference.Items, last500.Current.Items));
        Assert.Equal(500, last400.Current.Items); // at bucket resolution: the newest bucket already holds 500
        Assert.Equal((0, 800), (moreThanExist.Reference.Items, moreThanExist.Current.Items));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (heat.StatusCode, overlay.StatusCode));
    }

    [Fact]
    public async Task AQuietWindowGetsFewerWiderHeatmapSlots()
    {
        var workflow = await api.WorkflowAsync();
        var client = await api.ClientForAsync(workflow.Key);
        var from = DateTimeOffset.UtcNow.AddSeconds(-30);
        await PostAsync(client, workflow.Key, Items("quiet", 150, _ => 0.8));
        await api.WaitProfiledAsync(workflow.Key);

        var heat = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/drift/heatmap?slots=12&currentFrom={At(from)}"))
            .ReadAsync<DriftHeatmapResponse>();

        Assert.Equal(2, heat.Slots.Count); // 150 items: two slots of 75, not twelve of 12 that would all stay empty
    }

    [Theory]
    [InlineData("currentItems=50", "currentItems")]
    [InlineData("currentItems=lots", "currentItems")]
    [InlineData("currentItems=500&currentFrom=2026-01-01T00:00:00Z", "currentItems")]
    [InlineData("referenceFrom=2026-01-01T00:00:00Z", "referenceTo")]
    [InlineData("referenceTo=2026-01-01T00:00:00Z", "referenceFrom")]
    [InlineData("referenceFrom=2026-01-02T00:00:00Z&referenceTo=2026-01-01T00:00:00Z", "referenceFrom")]
    [InlineData("slots=1", "slots")]
    public async Task BadWindowsAreProblemsNamingTheParameter(string query, string field)
    {
        var workflow = await api.WorkflowAsync();

        foreach (var path in new[] { "drift", "drift/heatmap", "drift/features/amount" })
        {
            var response = await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/{path}?{query}");
            if (path != "drift/heatmap" && path != "drift" && field == "slots")
                continue;
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), $"{path}?{query} names {field}");
        }
    }
}
