using ReviewConsole.Components;
using ReviewConsole.Features.Auth;
using ReviewConsole.Features.Automation;
using ReviewConsole.Features.Dashboard;
using ReviewConsole.Features.Drift;
using ReviewConsole.Features.Events;
using ReviewConsole.Features.Health;
using ReviewConsole.Features.Items;
using ReviewConsole.Features.Models;
using ReviewConsole.Features.Review;
using ReviewConsole.Features.Webhooks;
using ReviewConsole.Features.Workflows;
using ReviewConsole.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddClock();
builder.AddReviewDatabase();
builder.AddReviewAuth();
builder.AddProblemHandling();
builder.AddConsoleEvents();
builder.AddWebhooks();
builder.AddItems();
builder.AddReview();
builder.AddAutomation();
builder.AddModels();
builder.AddDashboard();
builder.AddDrift();
builder.AddDemoControl();
builder.AddApiReference();
builder.AddConsole();

var app = builder.Build();
app.UseProblemHandling();
// Explicit, after the status-code pages: a browser's 404 is re-executed through routing to the not-found page.
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapApiReference();
app.MapHealthApi();

var api = app.MapGroup("/api/v1");
api.MapAuthApi();
api.MapUsersApi();
api.MapApiKeysApi();
api.MapWorkflowsApi();
api.MapItemsApi();
api.MapReviewApi();
api.MapAutomationApi();
api.MapAlertsApi();
api.MapDashboardApi();
api.MapModelsApi();
api.MapDriftApi();
api.MapEventsApi();
app.MapEventsHub();

app.MapConsole();
app.Run();
