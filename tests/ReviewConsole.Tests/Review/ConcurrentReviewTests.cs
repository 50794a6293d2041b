using System.Collections.Concurrent;
using System.Net;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Review;

namespace ReviewConsole.Tests.Review;

public sealed class ConcurrentReviewTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task TwentyReviewersNeverShareATaskAndNoLabelIsLost()
    {
        const int Items = 200;
        var workflow = await api.WorkflowAsync("shadow");
        var client = await api.ClientForAsync(workflow.Key);
        await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items:batch",
            new BatchIngestRequest(Enumerable.Range(0, Items).Select(i => TestItems.Item($"q-{i}")).ToList()));
        var reviewers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => api.UserAsync("reviewer")));
        var claimedBy = new ConcurrentDictionary<long, string>();
        var doubleAssignments = 0;

        await Task.WhenAll(reviewers.Select(async reviewer =>
        {
            while (true)
            {
                var response = await reviewer.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null);
                if (response.StatusCode == HttpStatusCode.NoContent)
                    return;
                var claim = await response.ReadAsync<ClaimResponse>();
                if (!claimedBy.TryAdd(claim.TaskId, reviewer.User()))
                    Interlocked.Increment(ref doubleAssignments);
                var label = await reviewer.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}/label", new LabelRequest("office", claim.LeaseToken));
                Assert.Equal(HttpStatusCode.OK, label.StatusCode);
            }
        }));

        Assert.Equal(0, doubleAssignments);
        Assert.Equal(Items, claimedBy.Count);
        var decided = await api.CountAsync($"""
            SELECT count(*) FROM items i JOIN workflows w ON w.id = i.workflow_id
            WHERE w.key = '{workflow.Key}' AND i.status = 'decided' AND i.decision_source = 'human'
            """);
        Assert.Equal(Items, decided);
    }
}
