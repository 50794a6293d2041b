using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Contracts.Dashboard;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Review;
using ReviewConsole.Contracts.Workflows;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Automation;

public sealed class LadderJourneyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AStreamTakesAWorkflowFromShadowToPartialAndCollapsingAuditsDemoteIt()
    {
        var workflow = await api.WorkflowAsync("shadow", queue: new WorkflowQueueSettings(PartialAuditRate: 1));
        var lead = await api.UserAsync(Roles.MlLead);
        var stream = new SimulatedStream(await api.ClientForAsync(workflow.Key), await api.UserAsync(Roles.Reviewer), workflow.Key, seed: 11);

        // Premature: no shadow comparisons yet.
        var premature = await Promote(lead, workflow.Key, "assist");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, premature.StatusCode);
        var refusal = await premature.ReadAsync<JsonElement>();
        Assert.True(refusal.GetProperty("errors").TryGetProperty("shadow-comparisons", out _));
        Assert.Equal(2, refusal.GetProperty("gates").GetArrayLength());

        // Shadow: 260 items labelled by humans who never see the model's label.
        await stream.PostAsync(260);
        Assert.Equal(260, await stream.ReviewAllAsync());
        var assist = await Promote(lead, workflow.Key, "assist");
        Assert.Equal(HttpStatusCode.OK, assist.StatusCode);

        // Assist: suggestions now shown; 520 more labels give the threshold search its evidence.
        await stream.PostAsync(520);
        var assisted = await stream.ReviewAllAsync(task =>
        {
            Assert.NotNull(task.Suggestion);
            return null;
        });
        Assert.Equal(520, assisted);
        var partial = await Promote(lead, workflow.Key, "partial");
        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        var atPartial = await partial.ReadAsync<AutomationResponse>();
        Assert.Equal("partial", atPartial.Level);
        Assert.InRange(atPartial.Threshold!.Value, 0.5, 0.995);
        Assert.Equal(["partial", "assist"], atPartial.History.Select(h => h.ToLevel));
        Assert.All(atPartial.History, h => Assert.NotEmpty(h.Gates));

        // The next routed item follows the new level at once: confident items are decided by the model.
        var routed = await stream.PostAsync(30, confident: true);
        Assert.All(routed, r => Assert.Equal("auto", r.Route));

        // Auditors disagree with every auto-decision: the guardrail demotes one level and raises an alert.
        await stream.ReviewAllAsync(task => task.Reason == "audit_sample" ? stream.Disagreeing(task.Item.ExternalId) : null);
        var after = await (await lead.GetAsync($"/api/v1/workflows/{workflow.Key}/automation")).ReadAsync<AutomationResponse>();
        Assert.Equal("assist", after.Level);
        var demotion = after.History.First();
        Assert.Equal((ReviewConsole.Features.Automation.AutomationService.GuardrailActor, true), (demotion.Actor, demotion.Automatic));
        var alerts = await (await lead.GetAsync($"/api/v1/workflows/{workflow.Key}/alerts")).ReadAsync<List<AlertResponse>>();
        Assert.Equal("guardrail", Assert.Single(alerts).Kind);
    }

    [Fact]
    public async Task OnlyAnAdminMayForceAndOnlyWithAJustificationThatIsRecorded()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var lead = await api.UserAsync(Roles.MlLead);

        var byLead = await lead.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/automation:promote",
            new PromoteRequest("assist", "We trust this model, it is a good one.", Force: true));
        var tooShort = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/automation:promote",
            new PromoteRequest("assist", "because", Force: true));
        var forced = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/automation:promote",
            new PromoteRequest("assist", "Pilot agreed with the business owner, see ticket OPS-42.", Force: true));

        Assert.Equal(HttpStatusCode.Forbidden, byLead.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        var change = (await forced.ReadAsync<AutomationResponse>()).History.Single();
        Assert.Equal((true, ApiSession.AdminUser, "shadow", "assist"), (change.Forced, change.Actor, change.FromLevel, change.ToLevel));
        Assert.Contains(change.Gates, g => !g.Passed);
    }

    [Fact]
    public async Task PromotionGoesOneLevelAtATimeAndDemotionNeedsAReason()
    {
        var workflow = await api.WorkflowAsync("shadow");

        var skip = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/automation:promote",
            new PromoteRequest("partial", "Skipping ahead for the pilot programme.", Force: true));
        var silent = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/automation:demote", new DemoteRequest("manual", " "));
        var demoted = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/automation:demote", new DemoteRequest("manual", "Model retired."));

        Assert.Equal(HttpStatusCode.BadRequest, skip.StatusCode);
        Assert.True((await skip.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("toLevel", out _));
        Assert.Equal(HttpStatusCode.BadRequest, silent.StatusCode);
        Assert.Equal("manual", (await demoted.ReadAsync<AutomationResponse>()).Level);
    }

    [Fact]
    public async Task OpenShadowTasksShowSuggestionsOnceAssistStarts()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var client = await api.ClientForAsync(workflow.Key);
        var reviewer = await api.UserAsync(Roles.Reviewer);
        await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("o-1", "office", 0.8));
        var before = await (await reviewer.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null)).ReadAsync<ClaimResponse>();

        await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/automation:promote",
            new PromoteRequest("assist", "Forced for a demo of the reviewer view.", Force: true));
        var after = await (await reviewer.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null)).ReadAsync<ClaimResponse>();

        Assert.Null(before.Suggestion);
        Assert.Equal((before.TaskId, "office"), (after.TaskId, after.Suggestion!.Label));
    }

    [Fact]
    public async Task TheDashboardReadsRollupsAndIsForManagersAndLeads()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var stream = new SimulatedStream(await api.ClientForAsync(workflow.Key), await api.UserAsync(Roles.Reviewer), workflow.Key, seed: 3);
        await stream.PostAsync(40);
        await stream.ReviewAllAsync();
        await stream.PostAsync(5);
        var manager = await api.UserAsync(Roles.Manager);

        var dashboard = await (await manager.GetAsync($"/api/v1/workflows/{workflow.Key}/dashboard")).ReadAsync<DashboardResponse>();
        var forReviewer = await (await api.UserAsync(Roles.Reviewer)).GetAsync($"/api/v1/workflows/{workflow.Key}/dashboard");

        Assert.Equal(HttpStatusCode.Forbidden, forReviewer.StatusCode);
        Assert.Equal(45, dashboard.Points.Sum(p => p.ItemsReceived));
        Assert.Equal(40, dashboard.Points.Sum(p => p.HumanDecided));
        Assert.Equal(5, dashboard.Points[^1].QueueDepth);
        Assert.Equal("shadow", Assert.Single(dashboard.AgreementByLevel).Group);
        Assert.Equal(40, Assert.Single(dashboard.Reviewers).Labels);
        Assert.NotNull(dashboard.Points[^1].MedianDecisionSeconds);

        // Folding the deltas into the hourly table changes nothing a reader sees.
        using (var scope = api.Factory.Services.CreateScope())
            while (await ReviewConsole.Features.Dashboard.Rollups.CompactAsync(scope.ServiceProvider.GetRequiredService<ReviewConsole.Data.ReviewDbContext>(), default) > 0)
            {
            }
        var folded = await (await manager.GetAsync($"/api/v1/workflows/{workflow.Key}/dashboard")).ReadAsync<DashboardResponse>();
        Assert.Equal(0, await api.CountAsync("SELECT count(*) FROM rollup_deltas"));
        Assert.Equal(JsonSerializer.Serialize(dashboard.Points), JsonSerializer.Serialize(folded.Points));
        Assert.Equal(JsonSerializer.Serialize(dashboard.AgreementByLevel), JsonSerializer.Serialize(folded.AgreementByLevel));
    }

    private static Task<HttpResponseMessage> Promote(HttpClient lead, string workflow, string to) =>
        lead.PostJsonAsync($"/api/v1/workflows/{workflow}/automation:promote", new PromoteRequest(to, "The gates say the evidence is there."));
}
