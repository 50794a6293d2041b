using System.Net;
using System.Text;
using System.Text.Json;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Hardening;

/// <summary>Issue 10's hostile inputs: each is a 400 naming the field, never a 500, and never an amplified answer.</summary>
public sealed class HostileInputTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    public static TheoryData<string, string, string> HostileBodies => new()
    {
        // path (WF is replaced by a workflow key), raw JSON body, the field the 400 must name
        { "/api/v1/workflows/WF/items", """{"externalId":"a\u0000b","features":{}}""", "externalId" },
        { "/api/v1/workflows/WF/items", """{"externalId":"ok-1","features":{"description":"x\u0000y"}}""", "features.description" },
        { "/api/v1/workflows/WF/items", """{"externalId":"ok-2","features":{"description":"x\ud800y"}}""", "features.description" },
        { "/api/v1/workflows/WF/items", """{"externalId":"ok-3","features":{"country":"D\u0000E"}}""", "features.country" },
        { "/api/v1/workflows/WF/items", """{"externalId":"ok-4","features":{},"prediction":{"label":"travel","confidence":0.9,"modelVersion":"m\u0000"}}""", "prediction.modelVersion" },
        { "/api/v1/workflows/WF/items", """{"externalId":"ok-5","features":{},"prediction":{"label":"travel","confidence":"NaN"}}""", "prediction.confidence" },
        { "/api/v1/auth/login", """{"username":"ad\u0000min","password":"x"}""", "username" },
        { "/api/v1/workflows/WF/items", """{"externalId":"n-1","features":{"amount":NaN}}""", "features.amount" },
        { "/api/v1/workflows/WF/items", """{"externalId":"n-2","features":{"country":"DE","amount":-Infinity}}""", "features.amount" },
        { "/api/v1/workflows/WF/items:batch", """{"items":[{"externalId":"n-3","features":{"amount":NaN}}]}""", "items[0].features.amount" },
        { "/api/v1/workflows/WF/items", """{"externalId":"n-4","features":{"\ud800":1,"amount":NaN}}""", "features.amount" },
        { "/api/v1/workflows/WF/automation:promote", """{"toLevel":"shadow","justification":"why\u0000","force":false}""", "justification" },
        { "/api/v1/workflows/WF/automation:promote", """{"toLevel":"shadow","justification":"because","threshold":"NaN"}""", "threshold" },
        { "/api/v1/workflows/WF/apikeys", """{"name":"k\u0000"}""", "name" },
        { "/api/v1/users", $$"""{"username":"{{new string('u', 300)}}","password":"Long-enough-9!","roles":["reviewer"]}""", "username" },
    };

    [Fact]
    public async Task TheDatabaseRefusesANonFiniteThresholdEvenFromOutsideTheApi()
    {
        var workflow = await api.WorkflowAsync();

        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            api.ExecuteAsync($"UPDATE workflows SET threshold = 'NaN' WHERE key = '{workflow.Key}'"));

        Assert.Equal(Npgsql.PostgresErrorCodes.CheckViolation, refused.SqlState);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await api.Admin.GetAsync("/api/v1/workflows")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task AHostileValueIsA400NamingItsField(string path, string body, string field)
    {
        var workflow = await api.WorkflowAsync();

        var response = await api.Admin.PostAsync(path.Replace("WF", workflow.Key), new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {problem}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, JsonDocument.Parse(problem).RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Theory]
    [InlineData("dashboard?from=0001-01-01T00:00:00Z", "from")]
    [InlineData("dashboard?to=9999-12-31T23:59:59Z", "to")]
    [InlineData("drift?currentFrom=0001-01-01T00:00:00Z", "currentFrom")]
    [InlineData("drift?referenceFrom=0001-01-01T00:00:00Z&referenceTo=0001-01-02T00:00:00Z", "referenceFrom")]
    [InlineData("drift/heatmap?currentTo=9999-12-31T23:59:59Z&currentFrom=2026-01-01T00:00:00Z", "currentTo")]
    public async Task AnImplausibleTimeIsA400NamingTheParameter(string query, string parameter)
    {
        var workflow = await api.WorkflowAsync();

        var response = await api.Admin.GetAsync($"/api/v1/workflows/{workflow.Key}/{query}");
        var problem = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {problem}");
        Assert.Contains(parameter, JsonDocument.Parse(problem).RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task ThousandsOfUnknownFeaturesGetAShortAnswer()
    {
        var workflow = await api.WorkflowAsync();
        var features = string.Join(",", Enumerable.Range(0, 2000).Select(i => $"\"unknown_feature_{i}\":1"));

        var response = await api.Admin.PostAsync($"/api/v1/workflows/{workflow.Key}/items",
            new StringContent("{\"externalId\":\"many\",\"features\":{" + features + "}}", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(body.Length < 10_000, $"{body.Length} characters for 2,000 unknown features");
        Assert.Contains("2000 unknown feature name(s)", body);
    }

    [Fact]
    public async Task WorkflowKeysMayUseUnderscoresButNotATrailingNewline()
    {
        var underscore = await api.Admin.PostJsonAsync("/api/v1/workflows", ApiSession.Workflow($"invoice_{Guid.NewGuid():N}"[..20]));
        var newline = await api.Admin.PostJsonAsync("/api/v1/workflows", ApiSession.Workflow("invoice-category\n"));

        Assert.Equal(HttpStatusCode.Created, underscore.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, newline.StatusCode);
    }
}

/// <summary>Issue 10, item 11: a repeat of an externalId must say the same thing; a different payload is a 409 naming what differs.</summary>
public sealed class RepeatedExternalIdTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task TheSamePayloadAgainIs200WithTheFirstAnswer()
    {
        var workflow = await api.WorkflowAsync();
        var client = await api.ClientForAsync(workflow.Key);
        var first = await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("same-1"));

        var again = await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("same-1"));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
    }

    [Fact]
    public async Task ADifferentPredictionIsAConflictNamingIt()
    {
        var workflow = await api.WorkflowAsync();
        var client = await api.ClientForAsync(workflow.Key);
        await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("diff-1", "travel", 0.9));

        var again = await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", TestItems.Item("diff-1", "office", 0.9));
        var body = await again.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("\"prediction\"", body);
        Assert.DoesNotContain("\"features\"", body);
    }

    [Fact]
    public async Task DifferentFeaturesInOneBatchRefuseTheWholeBatch()
    {
        var workflow = await api.WorkflowAsync();
        var client = await api.ClientForAsync(workflow.Key);
        var changed = TestItems.Item("batch-dup") with { Features = JsonSerializer.SerializeToElement(new { amount = 1.0, country = "FR" }) };

        var response = await client.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items:batch",
            new Contracts.Items.BatchIngestRequest([TestItems.Item("batch-new"), TestItems.Item("batch-dup"), changed]));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("items[2].features", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await api.CountAsync($"SELECT count(*) FROM items i JOIN workflows w ON w.id = i.workflow_id WHERE w.key = '{workflow.Key}'"));
    }
}
