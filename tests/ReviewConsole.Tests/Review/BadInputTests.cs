using System.Net;
using System.Text;
using System.Text.Json;

namespace ReviewConsole.Tests.Review;

/// <summary>Every malformed request gets a 4xx problem naming what is wrong; never a 500.</summary>
public sealed class BadInputTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("{\"externalId\": ", "externalId")]
    [InlineData("", "body")]
    [InlineData("{\"externalId\": \"x\", \"features\": {}, \"prediction\": {\"label\": \"travel\", \"confidence\": \"high\"}}", "prediction.confidence")]
    [InlineData("{\"externalId\": 12, \"features\": {}}", "externalId")]
    public async Task MalformedJsonIsABadRequestNamingTheField(string body, string field)
    {
        var workflow = await api.WorkflowAsync();

        var response = await api.Admin.PostAsync($"/api/v1/workflows/{workflow.Key}/items", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task FeaturesNotMatchingTheSchemaAreRefusedFieldByField()
    {
        var workflow = await api.WorkflowAsync();
        var body = new
        {
            externalId = "bad-1",
            features = new { amount = "12", country = 4, receipt = "not a url", colour = "red" },
        };

        var response = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items", body);

        var errors = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "features.amount");
        Assert.True(errors.TryGetProperty("features.country", out _));
        Assert.True(errors.TryGetProperty("features.receipt", out _));
        Assert.True(errors.TryGetProperty("features.colour", out _));
    }

    [Fact]
    public async Task APredictionOutsideTheLabelSetIsRefused()
    {
        var workflow = await api.WorkflowAsync();

        var response = await api.Admin.PostJsonAsync($"/api/v1/workflows/{workflow.Key}/items",
            new { externalId = "p-1", features = new { }, prediction = new { label = "groceries", confidence = 1.5 } });

        var errors = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "prediction.label");
        Assert.True(errors.TryGetProperty("prediction.confidence", out _));
    }

    [Fact]
    public async Task AnUnknownWorkflowIsNotFound()
    {
        var response = await api.Admin.PostJsonAsync("/api/v1/workflows/no-such-workflow/items", TestItems.Item("x"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnInvalidWorkflowDefinitionNamesEveryBadField()
    {
        var response = await api.Admin.PostJsonAsync("/api/v1/workflows", new
        {
            key = "Bad Key",
            name = "",
            labels = new[] { "only" },
            features = new[] { new { name = "amount", type = "money" } },
            criticality = "extreme",
            level = "partial",
        });

        var errors = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "key");
        foreach (var field in new[] { "name", "labels", "features[0].type", "criticality", "level" })
            Assert.True(errors.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task ADuplicateWorkflowKeyIsAConflict()
    {
        var workflow = await api.WorkflowAsync();

        var response = await api.Admin.PostJsonAsync("/api/v1/workflows", ReviewConsole.Testing.ApiSession.Workflow(workflow.Key));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task AnUnknownTaskIsNotFound()
    {
        var response = await api.Admin.PostJsonAsync("/api/v1/tasks/987654321/label", new { label = "travel", leaseToken = Guid.NewGuid() });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.ReadAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"expected an error for '{field}', got {errors}");
        return errors;
    }
}
