using Radzen;
using ReviewConsole.Web.Account;
using ReviewConsole.Web.Api;
using ReviewConsole.Web.Components;
using ReviewConsole.Web.Drift;

var builder = WebApplication.CreateBuilder(args);
builder.AddConsoleApi();
builder.AddConsoleAuth();
builder.AddDemoControl();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddRadzenComponents();

var app = builder.Build();
if (!app.Environment.IsDevelopment())
    app.UseExceptionHandler("/error", createScopeForErrors: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapConsoleAccount();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();
