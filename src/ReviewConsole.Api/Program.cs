using ReviewConsole.Api.Auth;
using ReviewConsole.Api.Automation;
using ReviewConsole.Api.Dashboard;
using ReviewConsole.Api.Drift;
using ReviewConsole.Api.Events;
using ReviewConsole.Api.Health;
using ReviewConsole.Api.Infrastructure;
using ReviewConsole.Api.Items;
using ReviewConsole.Api.Models;
using ReviewConsole.Api.Review;
using ReviewConsole.Api.Webhooks;
using ReviewConsole.Api.Workflows;

var builder = WebApplication.CreateBuilder(args);
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
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseProblemHandling();
app.UseAuthentication();
app.UseAuthorization();
app.MapOpenApi();
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

app.Run();
