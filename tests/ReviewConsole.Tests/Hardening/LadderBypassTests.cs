using System.Net;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Hardening;

/// <summary>Issue 10, item 19: a workflow cannot be born above shadow; the gates are the only way up.</summary>
public sealed class LadderBypassTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("assist")]
    [InlineData("partial")]
    [InlineData("full")]
    public async Task ANewWorkflowCannotStartAboveShadow(string level)
    {
        var response = await api.Admin.PostJsonAsync("/api/v1/workflows", ApiSession.Workflow(ApiSession.NewKey(), level, threshold: 0.9) with { Criticality = "high" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"level\"", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("manual")]
    [InlineData("shadow")]
    public async Task ANewWorkflowMayStartAtManualOrShadow(string level)
    {
        var response = await api.Admin.PostJsonAsync("/api/v1/workflows", ApiSession.Workflow(ApiSession.NewKey(), level));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
