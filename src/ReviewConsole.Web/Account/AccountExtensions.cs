using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using ReviewConsole.Contracts.Auth;
using ReviewConsole.Web.Api;

namespace ReviewConsole.Web.Account;

public static class AccountExtensions
{
    public static WebApplicationBuilder AddConsoleAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/access-denied";
                o.Cookie.Name = "reviewconsole";
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = false;
            });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    public static WebApplication MapConsoleAccount(this WebApplication app)
    {
        app.MapPost("/account/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        });
        return app;
    }

    /// <summary>Signs in at the Api and, on success, issues the console cookie carrying the user's token and roles.</summary>
    public static async Task<string?> SignInAsync(HttpContext context, IHttpClientFactory http, TokenPool tokens, string username, string password)
    {
        var client = http.CreateClient(ApiExtensions.AnonymousClient);
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsJsonAsync("api/v1/auth/login", new LoginRequest(username, password), JsonSerializerOptions.Web);
        }
        catch (HttpRequestException)
        {
            return "The ReviewConsole Api is unreachable. Try again in a moment.";
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                return "Unknown username or wrong password.";
            var login = await response.Content.ReadFromJsonAsync<LoginResponse>(JsonSerializerOptions.Web);
            using var meRequest = new HttpRequestMessage(HttpMethod.Get, "api/v1/auth/me");
            meRequest.Headers.Authorization = new("Bearer", login!.AccessToken);
            using var meResponse = await client.SendAsync(meRequest);
            var me = await meResponse.Content.ReadFromJsonAsync<MeResponse>(JsonSerializerOptions.Web);

            var claims = new List<Claim> { new(ClaimTypes.Name, me!.Username), new(ConsoleClaims.AccessToken, login.AccessToken) };
            claims.AddRange(me.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal,
                new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddSeconds(login.ExpiresIn), IsPersistent = false });
            tokens.Offer(login.AccessToken);
            return null;
        }
    }
}
