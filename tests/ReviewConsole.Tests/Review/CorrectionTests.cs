using System.Net;
using System.Text.Json;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Review;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Review;

/// <summary>Issue 10, item 24: a reviewer corrects their own label within two minutes; the original stays on record.</summary>
public sealed class CorrectionTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<(string Workflow, HttpClient Reviewer, LabelResponse Labelled)> LabelledAsync(string label = "office")
    {
        // The model says travel; the reviewer mis-keys office.
        var workflow = await api.WorkflowAsync("shadow", callbackUrl: "http://127.0.0.1:9/hook");
        var client = await api.ClientForAsync(workflow.Key);
        (await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item($"c-{Guid.NewGuid():N}"))).EnsureSuccessStatusCode();
        var reviewer = await api.UserAsync("reviewer");
        var claim = await (await reviewer.PostAsync($"/api/v1/workflows/{workflow.Key}/tasks:claim", null)).ReadAsync<ClaimResponse>();
        var labelled = await (await reviewer.PostJsonAsync($"/api/v1/tasks/{claim.TaskId}/label", new LabelRequest(label, claim.LeaseToken))).ReadAsync<LabelResponse>();
        return (workflow.Key, reviewer, labelled);
    }

    /// <summary>Agreements counted so far: the hourly rollups plus the deltas not yet folded into them.</summary>
    private Task<long> AgreedAsync(string workflow) => api.CountAsync($"""
        SELECT coalesce(sum(agreed), 0)::bigint FROM (
            SELECT workflow_id, agreed FROM workflow_hourly UNION ALL SELECT workflow_id, agreed FROM rollup_deltas) r
        JOIN workflows w ON w.id = r.workflow_id WHERE w.key = '{workflow}'
        """);

    [Fact]
    public async Task ACorrectionUpdatesTheDecisionKeepsTheOriginalAndTellsTheWebhook()
    {
        var (workflow, reviewer, labelled) = await LabelledAsync();
        var agreedBefore = await AgreedAsync(workflow);

        var response = await reviewer.PostJsonAsync($"/api/v1/tasks/{labelled.TaskId}/correct", new CorrectLabelRequest("travel"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var correction = await response.ReadAsync<CorrectionResponse>();
        Assert.Equal(("office", "travel", true), (correction.FromLabel, correction.Label, correction.DecisionChanged));
        Assert.Equal(1, await api.CountAsync($"SELECT count(*) FROM label_corrections WHERE task_id = {labelled.TaskId} AND from_label = 'office' AND to_label = 'travel'"));
        Assert.Equal(1, await api.CountAsync($"SELECT count(*) FROM items WHERE id = {labelled.ItemId} AND decision_label = 'travel'"));
        Assert.Equal(1, await api.CountAsync($"SELECT count(*) FROM review_tasks WHERE id = {labelled.TaskId} AND label = 'travel'"));
        Assert.Equal(1, await api.CountAsync($"SELECT count(*) FROM webhook_deliveries WHERE item_id = {labelled.ItemId} AND payload->>'type' = 'item.corrected' AND payload->'decision'->>'label' = 'travel'"));
        Assert.Equal(agreedBefore + 1, await AgreedAsync(workflow));
    }

    [Fact]
    public async Task OnlyTheReviewerWhoLabelledMayCorrectAndOnlyWithinTwoMinutes()
    {
        var (_, reviewer, labelled) = await LabelledAsync();
        var other = await api.UserAsync("reviewer");

        var byOther = await other.PostJsonAsync($"/api/v1/tasks/{labelled.TaskId}/correct", new CorrectLabelRequest("travel"));
        var same = await reviewer.PostJsonAsync($"/api/v1/tasks/{labelled.TaskId}/correct", new CorrectLabelRequest("office"));
        var unknown = await reviewer.PostJsonAsync($"/api/v1/tasks/{labelled.TaskId}/correct", new CorrectLabelRequest("groceries"));
        var missing = await reviewer.PostJsonAsync("/api/v1/tasks/987654321/correct", new CorrectLabelRequest("travel"));
        await api.ExecuteAsync($"UPDATE review_tasks SET labeled_at = now() - interval '121 seconds' WHERE id = {labelled.TaskId}");
        var late = await reviewer.PostJsonAsync($"/api/v1/tasks/{labelled.TaskId}/correct", new CorrectLabelRequest("travel"));

        Assert.Equal(HttpStatusCode.Forbidden, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, same.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.True((await unknown.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("label", out _));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(0, await api.CountAsync($"SELECT count(*) FROM label_corrections WHERE task_id = {labelled.TaskId}"));
        Assert.Equal(1, await api.CountAsync($"SELECT count(*) FROM items WHERE id = {labelled.ItemId} AND decision_label = 'office'"));
    }

    [Fact]
    public async Task ConcurrentCorrectionsAreRecordedOneAfterTheOther()
    {
        var (_, reviewer, labelled) = await LabelledAsync();

        var responses = await Task.WhenAll(new[] { "travel", "software", "travel" }.Select(label =>
            reviewer.PostJsonAsync($"/api/v1/tasks/{labelled.TaskId}/correct", new CorrectLabelRequest(label))));

        var rows = await api.CountAsync($"SELECT count(*) FROM label_corrections WHERE task_id = {labelled.TaskId}");
        Assert.Equal(responses.Count(r => r.StatusCode == HttpStatusCode.OK), rows);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        // The chain of corrections ends at the label the task and the item now carry.
        Assert.Equal(1, await api.CountAsync($"""
            SELECT count(*) FROM review_tasks t JOIN items i ON i.id = t.item_id
            WHERE t.id = {labelled.TaskId} AND i.decision_label = t.label
              AND t.label = (SELECT to_label FROM label_corrections WHERE task_id = {labelled.TaskId} ORDER BY id DESC LIMIT 1)
            """));
    }
}
