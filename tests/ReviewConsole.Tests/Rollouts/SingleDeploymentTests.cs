using System.Net;
using System.Text.Json;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Contracts.Items;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Contracts.Review;
using ReviewConsole.Contracts.Rollouts;

namespace ReviewConsole.Tests.Rollouts;

/// <summary>Issue 12, single deployment: every champion change is a justified, recorded rollout with a one-click rollback.</summary>
public sealed class SingleDeploymentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>Items predicted by <paramref name="version"/>, each labelled by a reviewer: evidence for that version.</summary>
    private async Task EvidenceAsync(string workflow, HttpClient client, string version, int items)
    {
        var batch = Enumerable.Range(0, items).Select(i => TestItems.Item($"{version}-{i}") with
        {
            Prediction = new PredictionInput("travel", 0.9, null, version),
        }).ToList();
        (await client.PostJsonAsync($"/api/v1/workflows/{workflow}/items:batch", new BatchIngestRequest(batch))).EnsureSuccessStatusCode();
        var reviewer = await api.UserAsync(Roles.Reviewer);
        while (await reviewer.PostAsync($"/api/v1/workflows/{workflow}/tasks:claim", null) is { StatusCode: HttpStatusCode.OK } claimed)
        {
            var task = await claimed.ReadAsync<ClaimResponse>();
            await reviewer.PostJsonAsync($"/api/v1/tasks/{task.TaskId}/label", new LabelRequest("travel", task.LeaseToken));
        }
    }

    private static Task<HttpResponseMessage> DeployAsync(HttpClient who, string workflow, string version, bool force = false) =>
        who.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", new StartRolloutRequest("single", version, $"Deploying {version}: it agrees with reviewers.", force));

    private async Task<string?> ChampionAsync(string workflow) =>
        (await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/models")).ReadAsync<List<ModelSummaryResponse>>())
        .SingleOrDefault(m => m.Alias == ModelAliases.Champion)?.Version;

    [Fact]
    public async Task ADeploymentReplacesTheChampionRecordsItAndRollsBackInOneClick()
    {
        var workflow = (await api.WorkflowAsync("shadow")).Key;
        var client = await api.ClientForAsync(workflow);
        var lead = await api.UserAsync(Roles.MlLead);
        await EvidenceAsync(workflow, client, "v1", 35);
        await EvidenceAsync(workflow, client, "v2", 35);

        var first = await (await DeployAsync(lead, workflow, "v1")).ReadAsync<RolloutResponse>();
        var between = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        var second = await DeployAsync(lead, workflow, "v2");
        var deployed = await second.ReadAsync<RolloutResponse>();

        Assert.Equal((RolloutStatuses.Completed, (string?)null, (DateTimeOffset?)null), (first.Status, first.Champion, first.RollbackUntil));
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(("v2", "v1"), (deployed.Challenger, deployed.Champion));
        Assert.InRange(deployed.RollbackUntil!.Value - deployed.StartedAt, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.Equal(["start", "promote"], deployed.Ledger.Select(e => e.Action));
        Assert.Equal("v2", await ChampionAsync(workflow));
        Assert.Equal("v1", (await (await lead.GetAsync($"/api/v1/workflows/{workflow}/models/served?at={Uri.EscapeDataString(between.ToString("O"))}"))
            .ReadAsync<ServedResponse>()).Version);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync($"/api/v1/workflows/{workflow}/rollout")).StatusCode);

        var rolledBack = await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:rollback", new RolloutActionRequest("v2 mislabels hotel invoices."));
        var again = await lead.PostJsonAsync($"/api/v1/workflows/{workflow}/rollout:rollback", new RolloutActionRequest("Once more."));

        Assert.Equal(HttpStatusCode.OK, rolledBack.StatusCode);
        var back = await rolledBack.ReadAsync<RolloutResponse>();
        Assert.Equal(RolloutStatuses.RolledBack, back.Status);
        Assert.Equal(["start", "promote", "rollback"], back.Ledger.Select(e => e.Action));
        Assert.Equal("v1", await ChampionAsync(workflow));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var history = await (await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/rollouts")).ReadAsync<List<RolloutResponse>>();
        Assert.Equal(["v2", "v1"], history.Select(r => r.Challenger));
    }

    [Fact]
    public async Task AVersionWithoutEvidenceNeedsAnAdminsForce()
    {
        var workflow = (await api.WorkflowAsync("shadow")).Key;
        var client = await api.ClientForAsync(workflow);
        (await client.PostJsonAsync($"/api/v1/workflows/{workflow}/items", TestItems.Item("one-1") with
        {
            Prediction = new PredictionInput("travel", 0.9, null, "one-item"),
        })).EnsureSuccessStatusCode();
        var lead = await api.UserAsync(Roles.MlLead);

        var unforced = await DeployAsync(lead, workflow, "one-item");
        var forcedByLead = await DeployAsync(lead, workflow, "one-item", force: true);
        var forcedByAdmin = await DeployAsync(api.Admin, workflow, "one-item", force: true);

        Assert.Equal(HttpStatusCode.Conflict, unforced.StatusCode);
        Assert.Contains("checked against reviewers on 0 items", (await unforced.ReadAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forcedByLead.StatusCode);
        Assert.Equal(HttpStatusCode.Created, forcedByAdmin.StatusCode);
        Assert.Contains("forced", (await forcedByAdmin.ReadAsync<RolloutResponse>()).Ledger[0].Reason);
    }

    [Fact]
    public async Task TheChampionAliasNoLongerChangesDirectlyAndBadRequestsNameTheirField()
    {
        var workflow = (await api.WorkflowAsync("shadow")).Key;
        var client = await api.ClientForAsync(workflow);
        await EvidenceAsync(workflow, client, "v1", 31);

        var alias = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/models/v1:alias", new SetAliasRequest("champion"));
        var canary = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", new StartRolloutRequest("rolling", "v1", "why"));
        var unexplained = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", new StartRolloutRequest("single", "v1", " "));
        var unknown = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow}/rollouts", new StartRolloutRequest("single", "v9", "why"));
        var served = await api.Admin.GetAsync($"/api/v1/workflows/{workflow}/models/served?at=0001-01-01T00:00:00Z");
        var reviewer = await api.UserAsync(Roles.Reviewer);
        var byReviewer = await DeployAsync(reviewer, workflow, "v1");

        Assert.True((await alias.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("alias", out _));
        Assert.True((await canary.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("strategy", out _));
        Assert.True((await unexplained.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("justification", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.True((await served.ReadAsync<JsonElement>()).GetProperty("errors").TryGetProperty("at", out _));
        Assert.Equal(HttpStatusCode.Forbidden, byReviewer.StatusCode);
        Assert.Null(await ChampionAsync(workflow));
    }

    [Fact]
    public async Task TwoDeploymentsAtOnceDoNotBothWin()
    {
        var workflow = (await api.WorkflowAsync("shadow")).Key;
        var client = await api.ClientForAsync(workflow);
        await EvidenceAsync(workflow, client, "a", 31);
        await EvidenceAsync(workflow, client, "b", 31);

        var responses = await Task.WhenAll(DeployAsync(api.Admin, workflow, "a"), DeployAsync(api.Admin, workflow, "b"));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.Created).ReadAsync<RolloutResponse>();
        Assert.Equal(winner.Challenger, await ChampionAsync(workflow));
        Assert.Equal(1, await api.CountAsync($"SELECT count(*) FROM rollouts r JOIN workflows w ON w.id = r.workflow_id WHERE w.key = '{workflow}'"));
    }
}
