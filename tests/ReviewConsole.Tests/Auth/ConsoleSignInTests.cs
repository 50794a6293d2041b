using System.Text.RegularExpressions;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Auth;

/// <summary>The console's sign-in form (static rendering, Identity cookie), posted as a browser posts it.</summary>
public sealed partial class ConsoleSignInTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AWrongPasswordIsRefusedAndNeverSentBackInThePage()
    {
        const string typed = "Typed-Secret-7731!";
        var browser = api.Anonymous();

        var response = await PostLoginAsync(browser, ApiSession.AdminUser, typed);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("Unknown username or wrong password", html);
        Assert.DoesNotContain(typed, html);
    }

    [Fact]
    public async Task TheRightPasswordSignsInWithTheConsoleCookie()
    {
        var browser = api.Anonymous();

        var response = await PostLoginAsync(browser, ApiSession.AdminUser, ApiSession.AdminPassword);

        Assert.Equal("/", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Sign out", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheConsoleCookieDoesNotAuthenticateTheApi()
    {
        var browser = api.Anonymous();
        await PostLoginAsync(browser, ApiSession.AdminUser, ApiSession.AdminPassword);

        var response = await browser.GetAsync("/api/v1/workflows");

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient browser, string username, string password)
    {
        var form = await browser.GetStringAsync("/login");
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        return await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Username"] = username,
            ["Input.Password"] = password,
        }));
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
