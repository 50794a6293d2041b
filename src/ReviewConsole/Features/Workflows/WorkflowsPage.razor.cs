using Microsoft.AspNetCore.Components;
using ReviewConsole.Components.Console;
using ReviewConsole.Contracts.Workflows;

namespace ReviewConsole.Features.Workflows;

/// <summary>Every workflow with its level, queue and agreement; the way into each workflow's pages.</summary>
public sealed partial class WorkflowsPage
{
    private static readonly Func<WorkflowSummary, object> ByName = w => w.Workflow.Name;
    private static readonly Func<WorkflowSummary, object> ByLevel = w => w.Workflow.Level;
    private static readonly Func<WorkflowSummary, object> ByWaiting = w => w.Stats.QueueDepth;
    private static readonly Func<WorkflowSummary, object> ByInReview = w => w.Stats.InReview;
    private static readonly Func<WorkflowSummary, object> ByItemsToday = w => w.Stats.ItemsToday;
    private static readonly Func<WorkflowSummary, object> ByAgreement = w => w.Stats.Agreement ?? -1;

    [Inject] private ConsoleApi Api { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private List<WorkflowSummary>? _workflows;
    private string? _error;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            var response = await Api.WorkflowsAsync();
            _workflows = response.Value;
            _error = response.Ok ? null : response.Message;
        }
        catch (DatabaseUnavailableException)
        {
            _error = "The database is unreachable. This page refreshes by itself when it is back.";
            RetryLater(LoadAsync);
        }
        StateHasChanged();
    }


    private void Open(string url) => Navigation.NavigateTo(url);
}
