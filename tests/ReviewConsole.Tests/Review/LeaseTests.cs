using System.Net;
using System.Text.Json;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Review;

namespace ReviewConsole.Tests.Review;

public sealed class LeaseTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AnExpiredLeaseReturnsTheTaskAtOnceAndTheOldHolderCannotLabel()
    {
        var (workflow, a, b) = await SetUpAsync(items: 1);
        var first = await ClaimAsync(a, workflow);
        await api.ExecuteAsync($"UPDATE review_tasks SET lease_expires_at = now() - interval '1 second' WHERE id = {first.TaskId}");

        var second = await ClaimAsync(b, workflow);
        var late = await a.PostJsonAsync($"/api/v1/tasks/{first.TaskId}/label", new LabelRequest("travel", first.LeaseToken));

        Assert.Equal(first.TaskId, second.TaskId);
        Assert.NotEqual(first.LeaseToken, second.LeaseToken);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task ClaimingAgainReturnsTheLeaseAlreadyHeld()
    {
        var (workflow, a, _) = await SetUpAsync(items: 2);

        var first = await ClaimAsync(a, workflow);
        var again = await ClaimAsync(a, workflow);

        Assert.Equal((first.TaskId, first.LeaseToken), (again.TaskId, again.LeaseToken));
    }

    [Fact]
    public async Task AForeignLeaseTokenIsRefused()
    {
        var (workflow, a, b) = await SetUpAsync(items: 1);
        var claim = await ClaimAsync(a, workflow);

        var stolen = await b.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}/label", new LabelRequest("travel", claim.LeaseToken));
        var guessed = await a.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}/label", new LabelRequest("travel", Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.Conflict, stolen.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, guessed.StatusCode);
    }

    [Fact]
    public async Task LabellingADoneTaskTwiceIsAConflict()
    {
        var (workflow, a, _) = await SetUpAsync(items: 1);
        var claim = await ClaimAsync(a, workflow);

        var first = await a.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}/label", new LabelRequest("travel", claim.LeaseToken));
        var second = await a.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}/label", new LabelRequest("office", claim.LeaseToken));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task ALabelOutsideTheLabelSetIsUnprocessableAndNamesTheField()
    {
        var (workflow, a, _) = await SetUpAsync(items: 1);
        var claim = await ClaimAsync(a, workflow);

        var response = await a.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}/label", new LabelRequest("groceries", claim.LeaseToken));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("label", out _));
    }

    [Fact]
    public async Task ASkippedTaskIsNotOfferedToTheSameReviewerAgain()
    {
        var (workflow, a, b) = await SetUpAsync(items: 1);
        var claim = await ClaimAsync(a, workflow);

        var skip = await a.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}:skip", new LeaseRequest(claim.LeaseToken));
        var againForA = await a.PostAsync($"/api/v1/workflows/{workflow}/tasks:claim", null);
        var forB = await ClaimAsync(b, workflow);

        Assert.Equal(HttpStatusCode.OK, skip.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, againForA.StatusCode);
        Assert.Equal(claim.TaskId, forB.TaskId);
    }

    [Fact]
    public async Task AnEscalatedTaskGoesToTheEscalationQueueThatMlLeadsWorkWithItsNote()
    {
        var (workflow, a, b) = await SetUpAsync(items: 1);
        var claim = await ClaimAsync(a, workflow);
        await a.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}:escalate", new EscalateRequest(claim.LeaseToken, "Vendor looks wrong"));
        var lead = await api.UserAsync("mllead");

        var general = await b.PostAsync($"/api/v1/workflows/{workflow}/tasks:claim", null);
        var byReviewer = await b.PostAsync($"/api/v1/workflows/{workflow}/tasks:claim?queue=escalations", null);
        var snapshot = await (await b.GetAsync($"/api/v1/workflows/{workflow}/queue")).ReadAsync<QueueSnapshot>();
        var byLead = await lead.PostAsync($"/api/v1/workflows/{workflow}/tasks:claim?queue=escalations", null);
        var unknown = await lead.PostAsync($"/api/v1/workflows/{workflow}/tasks:claim?queue=urgent", null);

        Assert.Equal(HttpStatusCode.NoContent, general.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byReviewer.StatusCode);
        Assert.Equal((0, 1), (snapshot.Waiting, snapshot.Escalated));
        var next = await byLead.ReadAsync<ClaimResponse>();
        Assert.Equal((claim.TaskId, "escalation", "Vendor looks wrong"), (next.TaskId, next.Reason, next.EscalationNote));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("queue", out _));
        Assert.Equal(HttpStatusCode.OK, (await lead.PostJsonAsync($"/api/v1/tasks/{next.TaskId}/label", new LabelRequest("travel", next.LeaseToken))).StatusCode);
    }

    [Fact]
    public async Task TheGeneralQueueStillServesWhileEscalationsWait()
    {
        var (workflow, a, b) = await SetUpAsync(items: 2);
        var first = await ClaimAsync(a, workflow);
        await a.PostJsonAsync($"/api/v1/tasks/{first.TaskId}:escalate", new EscalateRequest(first.LeaseToken, null));

        var next = await ClaimAsync(b, workflow);

        Assert.NotEqual(first.TaskId, next.TaskId);
        Assert.NotEqual("escalation", next.Reason);
    }

    [Fact]
    public async Task RenewingExtendsTheLease()
    {
        var (workflow, a, _) = await SetUpAsync(items: 1);
        var claim = await ClaimAsync(a, workflow);

        var renewed = await (await a.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}:renew", new LeaseRequest(claim.LeaseToken)))
            .ReadAsync<LeaseResponse>();

        Assert.True(renewed.LeaseExpiresAt >= claim.LeaseExpiresAt);
    }

    [Fact]
    public async Task AMissingLeaseTokenIsABadRequestNamingTheField()
    {
        var (workflow, a, _) = await SetUpAsync(items: 1);
        var claim = await ClaimAsync(a, workflow);

        var response = await a.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}/label", new { label = "travel" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("leaseToken", out _));
    }

    [Fact]
    public async Task QueueSnapshotShowsWaitingReviewersAndNextUp()
    {
        var (workflow, a, b) = await SetUpAsync(items: 3);
        await ClaimAsync(a, workflow);

        var snapshot = await (await b.GetAsync($"/api/v1/workflows/{workflow}/queue")).ReadAsync<QueueSnapshot>();

        Assert.Equal((2, 1), (snapshot.Waiting, snapshot.InReview));
        Assert.Equal(a.User(), Assert.Single(snapshot.Reviewers).Username);
        Assert.Equal(["l-1", "l-2"], snapshot.Next.Select(n => n.ExternalId));
    }

    private async Task<(string Workflow, HttpClient A, HttpClient B)> SetUpAsync(int items)
    {
        var workflow = await api.WorkflowAsync("shadow");
        var client = await api.ClientForAsync(workflow.Key);
        await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items:batch",
            new BatchIngestRequest(Enumerable.Range(0, items).Select(i => TestItems.Item($"l-{i}")).ToList()));
        return (workflow.Key, await api.UserAsync("reviewer"), await api.UserAsync("reviewer"));
    }

    private static async Task<ClaimResponse> ClaimAsync(HttpClient reviewer, string workflow)
    {
        var response = await reviewer.PostAsync($"/api/v1/workflows/{workflow}/tasks:claim", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<ClaimResponse>();
    }
}
