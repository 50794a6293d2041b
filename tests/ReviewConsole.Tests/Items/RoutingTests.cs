using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Review;

namespace ReviewConsole.Tests.Items;

/// <summary>What a reviewer is given for each level of the ladder, seen through the Api.</summary>
public sealed class RoutingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("manual", 0.99, "review", "manual", false)]
    [InlineData("shadow", 0.99, "review", "shadow", false)]
    [InlineData("assist", 0.60, "review", "assist", true)]
    [InlineData("partial", 0.50, "review", "low_confidence", true)]
    public async Task HumansGetTheItemWithTheSuggestionOnlyWhereTheLadderAllows(string level, double confidence, string route, string reason, bool suggestion)
    {
        var workflow = await api.WorkflowAsync(level, threshold: level == "partial" ? 0.9 : null);
        var client = await api.ClientForAsync(workflow.Key);
        var reviewer = await api.UserAsync("reviewer");

        var ingest = await (await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("r-1", "software", confidence)))
            .ReadAsync<IngestItemResponse>();
        var claim = await (await reviewer.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null)).ReadAsync<ClaimResponse>();

        Assert.Equal(route, ingest.Route);
        Assert.Null(ingest.Decision);
        Assert.Equal(ingest.TaskId, claim.TaskId);
        Assert.Equal(reason, claim.Reason);
        Assert.Equal(suggestion, claim.Suggestion is not null);
    }

    [Theory]
    [InlineData("partial")]
    [InlineData("full")]
    public async Task ConfidentItemsAreDecidedByTheModelAtOnce(string level)
    {
        var workflow = await api.WorkflowAsync(level, threshold: 0.9, queue: new(PartialAuditRate: 0, FullAuditRate: 0));
        var client = await api.ClientForAsync(workflow.Key);

        var ingest = await (await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("f-1", "office", 0.95)))
            .ReadAsync<IngestItemResponse>();

        Assert.Equal("auto", ingest.Route);
        Assert.Equal(("office", "model"), (ingest.Decision!.Label, ingest.Decision.Source));
        Assert.Null(ingest.TaskId);
    }

    [Fact]
    public async Task AuditSamplesAreBlindAndKeepTheModelDecision()
    {
        var workflow = await api.WorkflowAsync("full", queue: new(FullAuditRate: 1));
        var client = await api.ClientForAsync(workflow.Key);
        var reviewer = await api.UserAsync("reviewer");

        var ingest = await (await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("audit-1", "office", 0.95)))
            .ReadAsync<IngestItemResponse>();
        var claim = await (await reviewer.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null)).ReadAsync<ClaimResponse>();
        await reviewer.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}/label", new LabelRequest("travel", claim.LeaseToken));
        var item = await (await client.GetAsync($"/api/v1/workflows/{workflow.Key}/items/audit-1")).ReadAsync<ItemResponse>();

        Assert.Equal("auto", ingest.Route);
        Assert.NotNull(ingest.TaskId);
        Assert.Equal("audit_sample", claim.Reason);
        Assert.Null(claim.Suggestion);
        Assert.Equal(("office", "model"), (item.Decision!.Label, item.Decision.Source));
        Assert.Equal("travel", Assert.Single(item.Tasks).Label);
    }
}
