using ReviewConsole.Contracts.Automation;
using ReviewConsole.Tests.Automation;

namespace ReviewConsole.Tests.Hardening;

/// <summary>Issue 10, item 21: after an automatic demotion the gates count only evidence gathered since it.</summary>
public sealed class DemotionEvidenceTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AfterAnAutomaticDemotionTheGatesStartCountingAgain()
    {
        var workflow = await api.WorkflowAsync("shadow");
        var stream = new SimulatedStream(await api.ClientForAsync(workflow.Key), await api.UserAsync("reviewer"), workflow.Key, seed: 21);
        await stream.PostAsync(60);
        await stream.ReviewAllAsync();
        var before = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/automation")).ReadAsync<AutomationResponse>();

        // What the guardrail writes when it demotes (automatic, with its evidence snapshot).
        await api.ExecuteAsync($$"""
            INSERT INTO automation_changes (workflow_id, from_level, to_level, actor, justification, forced, automatic, evidence, at)
            SELECT id, 'assist', 'shadow', 'guardrail', 'Audited precision fell below its floor.', false, true, '{}'::jsonb, now()
            FROM workflows WHERE key = '{{workflow.Key}}'
            """);
        var after = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/automation")).ReadAsync<AutomationResponse>();

        Assert.Equal(60, Comparisons(before));
        Assert.Null(before.EvidenceSince);
        Assert.Equal(0, Comparisons(after));
        Assert.NotNull(after.EvidenceSince);
    }

    private static double? Comparisons(AutomationResponse automation) =>
        automation.Gates.Single(g => g.Name == "shadow-comparisons").Actual;
}
