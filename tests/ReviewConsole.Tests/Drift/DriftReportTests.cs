using System.Text.Json;
using ReviewConsole.Contracts.Drift;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Contracts.Review;

namespace ReviewConsole.Tests.Drift;

public sealed class DriftReportTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly string[] Countries = ["DE", "FR", "NL"];
    private static readonly string[] Phrases = ["train tickets to berlin", "hotel for the workshop", "laptops for new hires", "printer toner"];

    private static List<IngestItemRequest> Stream(int seed, int count, double amountScale)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => new IngestItemRequest($"d{seed}-{i}",
            JsonSerializer.SerializeToElement(new
            {
                amount = Math.Round((100 + random.NextDouble() * 900) * amountScale, 2),
                country = Countries[random.Next(Countries.Length)],
                description = Phrases[random.Next(Phrases.Length)],
            }),
            new PredictionInput(random.Next(2) == 0 ? "travel" : "office", 0.6 + random.NextDouble() * 0.3))).ToList();
    }

    [Fact]
    public async Task AShiftHalfwayIsNamedAndTheStableFeaturesAreNot()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var client = await api.ClientForAsync(workflow.Key);
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);

        (await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items:batch", new BatchIngestRequest(Stream(1, 800, 1)))).EnsureSuccessStatusCode();
        await api.WaitProfiledAsync(workflow.Key);
        var boundary = await ApiFixture.NextWholeSecondAsync();
        (await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items:batch", new BatchIngestRequest(Stream(2, 800, 3)))).EnsureSuccessStatusCode();
        await api.WaitProfiledAsync(workflow.Key);

        string At(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));
        var report = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/drift?referenceFrom={At(start)}&referenceTo={At(boundary)}" +
            $"&currentFrom={At(boundary)}&currentTo={At(DateTimeOffset.UtcNow.AddMinutes(1))}")).ReadAsync<DriftReportResponse>();

        Assert.Equal((800, 800), (report.Reference.Items, report.Current.Items));
        Assert.Equal("major", report.Features.Single(f => f.Feature == "amount").Severity);
        Assert.All(report.Features.Where(f => f.Feature != "amount"), f => Assert.Equal("none", f.Severity));
        Assert.Equal("major", report.Overall);

        var heat = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/drift/heatmap?slots=2&currentFrom={At(boundary)}" +
            $"&currentTo={At(DateTimeOffset.UtcNow.AddMinutes(1))}")).ReadAsync<DriftHeatmapResponse>();
        Assert.True(heat.Psi[heat.Features.ToList().IndexOf("amount")].Max() > 0.25);
        Assert.True(heat.Psi[heat.Features.ToList().IndexOf("country")].Max() < 0.1);

        var overlay = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/drift/features/amount?currentFrom={At(boundary)}" +
            $"&currentTo={At(DateTimeOffset.UtcNow.AddMinutes(1))}")).ReadAsync<FeatureDistributionResponse>();
        Assert.Equal(1, overlay.Shares.Sum(s => s.Reference), 6);
        Assert.True(overlay.Shares[^1].Current > overlay.Shares[^1].Reference, "amounts tripled: the top decile of the reference fills up");

        // Evaluating raises one alert naming the shifted feature only; evaluating again does not repeat it.
        var windows = $"referenceFrom={At(start)}&referenceTo={At(boundary)}&currentFrom={At(boundary)}&currentTo={At(DateTimeOffset.UtcNow.AddMinutes(1))}";
        (await api.Admin.PostAsync($"/api/v1/workflows/{workflow.Key}/drift:evaluate?{windows}", null)).EnsureSuccessStatusCode();
        (await api.Admin.PostAsync($"/api/v1/workflows/{workflow.Key}/drift:evaluate?{windows}", null)).EnsureSuccessStatusCode();
        var alert = Assert.Single(await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/alerts")).ReadAsync<List<AlertResponse>>());
        Assert.Equal(("drift", "major"), (alert.Kind, alert.Severity));
        Assert.Contains("amount", alert.Message);
        Assert.DoesNotContain("country", alert.Message);
        Assert.DoesNotContain("description", alert.Message);

        // From the alert, retrain on recent human labels: the new version enters as challenger.
        var reviewer = await api.UserAsync("reviewer");
        for (var i = 0; i < 60; i++)
        {
            var claim = await (await reviewer.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null)).ReadAsync<ClaimResponse>();
            await reviewer.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}/label", new LabelRequest(i % 2 == 0 ? "travel" : "office", claim.LeaseToken));
        }
        var job = await (await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/models:train", new TrainRequest())).ReadAsync<TrainingJobResponse>();
        for (var i = 0; i < 300 && job.Status is "queued" or "running"; i++)
        {
            await Task.Delay(200);
            job = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/models/jobs/{job.JobId}")).ReadAsync<TrainingJobResponse>();
        }
        var models = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/models")).ReadAsync<List<ModelSummaryResponse>>();
        Assert.Equal("challenger", models.Single(m => m.Version == job.ModelVersion).Alias);
    }

    [Fact]
    public async Task AWindowThatEndsBeforeItStartsIsRefused()
    {
        var workflow = await api.WorkflowAsync();

        var response = await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/drift?currentFrom=2026-01-02T00:00:00Z&currentTo=2026-01-01T00:00:00Z");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task BadDriftQueriesAreClearProblemsNamingTheParameter()
    {
        var workflow = await api.WorkflowAsync();

        var badDate = await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/drift?currentFrom=yesterday");
        var badSlots = await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/drift/heatmap?slots=500");
        var unknownFeature = await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/drift/features/colour");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.True((await badDate.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("currentFrom", out _));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badSlots.StatusCode);
        Assert.True((await badSlots.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("slots", out _));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknownFeature.StatusCode);
        Assert.Equal("application/problem+json", unknownFeature.Content.Headers.ContentType?.MediaType);
    }
}
