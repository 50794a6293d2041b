using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Testing;

namespace ReviewConsole.Tests.Hardening;

/// <summary>Issue 10, items 12 and 13: short access tokens with refresh, sign-out that revokes, user disable, a key ring that a database read cannot use.</summary>
public sealed class TokenLifecycleTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private sealed record Tokens(string AccessToken, long ExpiresIn, string RefreshToken);

    private async Task<(string User, Tokens Tokens)> NewUserAsync()
    {
        var name = $"t{Guid.NewGuid():N}"[..12];
        await ApiSession.CreateUserAsync(api.Admin, name, [Roles.Reviewer]);
        return (name, await LoginAsync(name));
    }

    private async Task<Tokens> LoginAsync(string name)
    {
        var response = await api.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new LoginRequest(name, ApiSession.UserPassword));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Tokens>(JsonSerializerOptions.Web))!;
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        api.Anonymous().PostAsJsonAsync("/api/v1/auth/refresh", new RefreshRequest(refreshToken));

    private async Task<HttpStatusCode> MeAsync(string accessToken)
    {
        var client = api.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return (await client.GetAsync("/api/v1/auth/me")).StatusCode;
    }

    [Fact]
    public async Task AccessTokensLiveFifteenMinutesAndARefreshTokenBuysNewOnes()
    {
        var (_, tokens) = await NewUserAsync();

        var refreshed = await RefreshAsync(tokens.RefreshToken);
        var renewed = (await refreshed.Content.ReadFromJsonAsync<Tokens>(JsonSerializerOptions.Web))!;

        Assert.Equal(900, tokens.ExpiresIn);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(renewed.AccessToken));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    public async Task AMissingOrForgedRefreshTokenIsRefused(string token)
    {
        var response = await RefreshAsync(token);

        Assert.Equal(token.Length == 0 ? HttpStatusCode.BadRequest : HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(9, false)]
    public async Task RefreshingNeverOutlivesEightHoursFromSignIn(int hoursAgo, bool allowed)
    {
        var (user, _) = await NewUserAsync();
        string token;
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            // A refresh token of that user as sign-in would have issued it, hoursAgo hours ago, still unexpired itself.
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ReviewConsole.Data.Auth.AppUser>>();
            var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ReviewConsole.Data.Auth.AppUser>>()
                .CreateAsync((await users.FindByNameAsync(user))!);
            principal.Identities.First().AddClaim(new Claim("rc:signed_in_at", DateTimeOffset.UtcNow.AddHours(-hoursAgo).ToUnixTimeSeconds().ToString()));
            var options = api.Factory.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
            token = options.RefreshTokenProtector.Protect(new AuthenticationTicket(principal,
                new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, IdentityConstants.BearerScheme));
        }

        var response = await RefreshAsync(token);

        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SignOutEndsEveryAccessAndRefreshTokenOfTheUser()
    {
        var (user, first) = await NewUserAsync();
        var second = await LoginAsync(user);
        var client = api.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", first.AccessToken);

        var signOut = await client.PostAsync("/api/v1/auth/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(first.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(second.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(second.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await MeAsync((await LoginAsync(user)).AccessToken));
    }

    [Fact]
    public async Task ADisabledUserLosesEverySessionAndCannotSignInUntilEnabled()
    {
        var (user, tokens) = await NewUserAsync();

        var disabled = await api.Admin.PostAsync($"/api/v1/users/{user}/disable", null);
        var login = await api.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new LoginRequest(user, ApiSession.UserPassword));
        var listed = (await api.Admin.GetFromJsonAsync<List<UserResponse>>("/api/v1/users"))!.Single(u => u.Username == user);

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.True(listed.Disabled);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(tokens.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(tokens.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);

        (await api.Admin.PostAsync($"/api/v1/users/{user}/enable", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, await MeAsync((await LoginAsync(user)).AccessToken));
    }

    [Fact]
    public async Task AnAdminCannotDisableThemselvesNorCanAnyoneElse()
    {
        var self = await api.Admin.PostAsync($"/api/v1/users/{ApiSession.AdminUser}/disable", null);
        var (user, _) = await NewUserAsync();
        var reviewer = api.Anonymous();
        reviewer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await LoginAsync(user)).AccessToken);
        var byReviewer = await reviewer.PostAsync($"/api/v1/users/{ApiSession.AdminUser}/disable", null);
        var unknown = await api.Admin.PostAsync("/api/v1/users/nobody-here/disable", null);

        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byReviewer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ATokenMintedWithTheHostsOwnKeysForAUserThatDoesNotExistIsRefused(bool withStamp)
    {
        // The worst case of a stolen key ring: a validly signed token naming an admin who does not exist.
        var claims = new List<Claim> { new(ClaimTypes.Name, "ghost"), new(ClaimTypes.Role, Roles.Admin) };
        if (withStamp)
        {
            claims.Add(new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()));
            claims.Add(new Claim("AspNet.Identity.SecurityStamp", Guid.NewGuid().ToString("N")));
        }
        var options = api.Factory.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, IdentityConstants.BearerScheme)),
            new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddMinutes(10) }, IdentityConstants.BearerScheme);
        var token = options.BearerTokenProtector.Protect(ticket);

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(token));
    }

    [Fact]
    public async Task TheKeyRingIsEncryptedInTheDatabaseAndKeysStoredInClearAreIgnored()
    {
        await NewUserAsync();
        var repository = api.Factory.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository!;
        var plain = new XElement("key", new XAttribute("id", Guid.NewGuid()),
            new XElement("descriptor", new XElement("descriptor", new XElement("masterKey", new XElement("value", "AAAA")))));
        repository.StoreElement(plain, "planted");

        var stored = await TestPostgres.ScalarAsync<long>(api.ConnectionString, "SELECT count(*) FROM data_protection_keys WHERE xml LIKE '%encryptedSecret%'");
        var served = repository.GetAllElements();

        Assert.True(stored >= 1);
        Assert.All(served, key => Assert.DoesNotContain("masterKey", key.ToString()));
        Assert.DoesNotContain(served, key => (string?)key.Attribute("id") == (string?)plain.Attribute("id"));
    }

    [Theory]
    [InlineData("Password123!")]
    [InlineData("Qwerty123456!")]
    [InlineData("P@ssw0rd1234")]
    [InlineData("Letmein!Letmein!")]
    [InlineData("123456789012")]
    [InlineData("Short!Pass1")]
    [InlineData("{user}-Rocks-2026")]
    public async Task WeakPasswordsAreRefusedNamingThePasswordField(string password)
    {
        var name = $"p{Guid.NewGuid():N}"[..12];
        var response = await api.Admin.PostJsonAsync("/api/v1/users", new CreateUserRequest(name, password.Replace("{user}", name), [Roles.Reviewer]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
    }

    [Fact]
    public async Task ALongPassphraseIsAcceptedAndAnOverlongOneIsNot()
    {
        var ok = await api.Admin.PostJsonAsync("/api/v1/users", new CreateUserRequest($"p{Guid.NewGuid():N}"[..12], "correct horse battery staple", [Roles.Reviewer]));
        var overlong = await api.Admin.PostJsonAsync("/api/v1/users", new CreateUserRequest($"p{Guid.NewGuid():N}"[..12], new string('x', 64) + "Yz!" + new string('q', 64), [Roles.Reviewer]));

        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, overlong.StatusCode);
    }
}
