using System.Net;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Hardening;

public sealed class SecurityHeadersTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task ATokenAnswerIsNeverCachedOrSniffed()
    {
        var response = await api.Anonymous().PostJsonAsync("/api/v1/auth/login", new LoginRequest(ApiSession.AdminUser, ApiSession.AdminPassword));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task ConsolePagesRunUnderAContentSecurityPolicyThatAllowsNoForeignScript()
    {
        var response = await api.Anonymous().GetAsync("/login");

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
    }
}

/// <summary>Issue 10, item 22: one answer for an unknown workflow everywhere, and the queue readable by every role.</summary>
public sealed class UnknownWorkflowTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("alerts")]
    [InlineData("apikeys")]
    [InlineData("models/jobs")]
    [InlineData("models/aliases")]
    [InlineData("models")]
    [InlineData("automation")]
    [InlineData("queue")]
    public async Task AnUnknownWorkflowIs404(string what)
    {
        var response = await api.Admin.GetAsync($"/api/v1/workflows/no-such-workflow/{what}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AManagerReadsTheQueue()
    {
        var workflow = await api.WorkflowAsync();
        var manager = await api.UserAsync(Roles.Manager);

        var response = await manager.GetAsync($"/api/v1/workflows/{workflow.Key}/queue");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
