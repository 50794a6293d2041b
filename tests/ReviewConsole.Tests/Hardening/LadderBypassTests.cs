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

/// <summary>Issue 10, item 17: callbacks never reach loopback or private addresses unless an operator allows the host.</summary>
public sealed class CallbackUrlTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://10.0.0.5/hook")]
    [InlineData("http://[::1]:5432/")]
    [InlineData("http://localhost:5432/")]
    [InlineData("http://192.168.1.1/hook")]
    public async Task AnInwardCallbackUrlIsRefused(string url)
    {
        var response = await api.Admin.PostJsonAsync("/api/v1/workflows", ApiSession.Workflow(ApiSession.NewKey(), callbackUrl: url));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("callbackUrl", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnAllowedLoopbackHostIsAccepted()
    {
        var response = await api.Admin.PostJsonAsync("/api/v1/workflows", ApiSession.Workflow(ApiSession.NewKey(), callbackUrl: "http://127.0.0.1:9/hook"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.20.0.1", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("::ffff:192.168.0.1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("2001:4860:4860::8888", false)]
    public void InwardAddressesAreRecognised(string address, bool inward)
    {
        Assert.Equal(inward, ReviewConsole.Features.Webhooks.CallbackGuard.IsInward(System.Net.IPAddress.Parse(address)));
    }
}
