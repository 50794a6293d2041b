using System.Net;

namespace ReviewConsole.Tests.Console;

/// <summary>A person's unknown URL gets the console's page; an API client's gets problem+json.</summary>
public sealed class NotFoundTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AnUnknownPageIsAReadableNotFoundPage()
    {
        var response = await api.Anonymous().GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnUnknownApiPathStaysProblemJson()
    {
        var response = await api.Admin.GetAsync("/api/v1/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
