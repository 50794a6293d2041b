using System.Net;
using System.Text.Json;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Hardening;

/// <summary>Issue 10, item 20: gate overrides have floors, every override is audited, a promotion records the gate values it was judged by.</summary>
public sealed class GateFloorTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly GateSettingsRequest Lowered = new(MinShadowComparisons: 1, TargetPrecision: 0.0001, Justification: "Faster, please.");

    [Fact]
    public async Task AnMlLeadCannotLowerTheGatesBelowTheirFloors()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var lead = await api.UserAsync(Roles.MlLead);

        var response = await lead.PutAsync($"/api/v1/workflows/{workflow.Key}/gates", System.Net.Http.Json.JsonContent.Create(Lowered));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var errors = (await response.ReadAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("minShadowComparisons", out _));
        Assert.True(errors.TryGetProperty("targetPrecision", out _));
        var automation = await (await lead.GetAsync($"/api/v1/workflows/{workflow.Key}/automation")).ReadAsync<AutomationResponse>();
        Assert.Equal(200, automation.GateSettings!.MinShadowComparisons);
        Assert.Empty(automation.GateChanges!);
    }

    [Fact]
    public async Task AnMlLeadCannotCreateAWorkflowWithLoweredGates()
    {
        var lead = await api.UserAsync(Roles.MlLead);

        var response = await lead.PostJsonAsync("/api/v1/workflows", ApiSession.Workflow(ApiSession.NewKey()) with { Gates = Lowered });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True((await response.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("gates.targetPrecision", out _));
    }

    [Fact]
    public async Task TighteningIsAnAuditedChangeWithAJustification()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var lead = await api.UserAsync(Roles.MlLead);

        var unexplained = await lead.PutAsync($"/api/v1/workflows/{workflow.Key}/gates",
            System.Net.Http.Json.JsonContent.Create(new GateSettingsRequest(MinShadowComparisons: 500)));
        var explained = await lead.PutAsync($"/api/v1/workflows/{workflow.Key}/gates",
            System.Net.Http.Json.JsonContent.Create(new GateSettingsRequest(MinShadowComparisons: 500, Justification: "High-value invoices: more evidence.")));

        Assert.Equal(HttpStatusCode.BadRequest, unexplained.StatusCode);
        Assert.True((await unexplained.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("justification", out _));
        Assert.Equal(HttpStatusCode.OK, explained.StatusCode);
        var automation = await explained.ReadAsync<AutomationResponse>();
        Assert.Equal(500, automation.GateSettings!.MinShadowComparisons);
        var change = Assert.Single(automation.GateChanges!);
        Assert.Equal((lead.User(), "High-value invoices: more evidence.", false), (change.Actor, change.Justification, change.BelowDefaults));
        Assert.Null(change.From);
        Assert.Equal(500, change.To!.MinShadowComparisons);
        Assert.Null(change.To.Justification);
    }

    [Fact]
    public async Task AnAdminMayLowerTheGatesAndThePromotionRecordsTheValuesItWasJudgedBy()
    {
        var workflow = await api.WorkflowAsync("shadow");

        var lowered = await api.Admin.PutAsync($"/api/v1/workflows/{workflow.Key}/gates", System.Net.Http.Json.JsonContent.Create(Lowered));
        var promoted = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/automation:promote",
            new PromoteRequest("assist", "Pilot with the admin's lowered gates.", Force: true));

        Assert.Equal(HttpStatusCode.OK, lowered.StatusCode);
        Assert.True(Assert.Single((await lowered.ReadAsync<AutomationResponse>()).GateChanges!).BelowDefaults);
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Equal(1, await api.CountAsync($"""
            SELECT count(*) FROM automation_changes c JOIN workflows w ON w.id = c.workflow_id
            WHERE w.key = '{workflow.Key}' AND c.to_level = 'assist'
              AND (c.evidence->'settings'->>'minShadowComparisons')::int = 1 AND (c.evidence->'settings'->>'targetPrecision')::float8 = 0.0001
            """));
    }
}
