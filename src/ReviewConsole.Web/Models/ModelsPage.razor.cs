using Microsoft.AspNetCore.Components;
using Radzen;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Web.Api;

namespace ReviewConsole.Web.Models;

/// <summary>Versions, their evaluations side by side, training with live progress, champion and challenger.</summary>
public sealed partial class ModelsPage
{
    [Parameter] public string Key { get; set; } = "";

    [Inject] private ApiClient Api { get; set; } = default!;
    [Inject] private NotificationService Notifications { get; set; } = default!;

    private List<ModelSummaryResponse> _models = [];
    private List<AliasChangeResponse> _aliases = [];
    private ModelDetailResponse? _selected;
    private TrainingJobResponse? _active;
    private TrainingJobResponse? _lastJob;
    private string? _error;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            var models = await Api.ModelsAsync(Key);
            var jobs = await Api.TrainingJobsAsync(Key);
            _models = models.Value ?? [];
            _aliases = (await Api.AliasHistoryAsync(Key)).Value ?? [];
            _lastJob = jobs.Value?.FirstOrDefault();
            _active = _lastJob is { Status: "queued" or "running" } ? _lastJob : null;
            _error = models.Ok ? null : models.Message;
            var show = _selected?.Summary.Version
                ?? _models.FirstOrDefault(m => m.Alias == ModelAliases.Challenger)?.Version
                ?? _models.FirstOrDefault(m => m.Kind == ModelKinds.BuiltIn)?.Version
                ?? _models.FirstOrDefault()?.Version;
            if (show is not null)
                _selected = (await Api.ModelAsync(Key, show)).Value;
        }
        catch (ApiUnreachableException)
        {
            _error = "The Api is unreachable; this page refreshes when it is back.";
        }
        StateHasChanged();
    }

    private async Task OnEventAsync(ConsoleEvent e)
    {
        if (e.Type is EventTypes.TrainingProgress or EventTypes.ModelTrained or EventTypes.ModelAliasChanged)
        {
            // A finished run shows the new challenger beside the champion.
            if (e.Type == EventTypes.ModelTrained || (e.Type == EventTypes.TrainingProgress && e.Label is "done" or "failed"))
                _selected = null;
            await LoadAsync();
        }
    }

    private async Task SelectAsync(string version)
    {
        _selected = (await Api.ModelAsync(Key, version)).Value;
    }

    private async Task TrainAsync()
    {
        var job = await Api.TrainAsync(Key);
        if (!job.Ok)
        {
            _error = job.Message;
            return;
        }
        _active = job.Value;
        Notifications.Notify(NotificationSeverity.Info, "Training started", "The new version will enter as challenger.");
    }

    private async Task AliasAsync(string version, string alias)
    {
        var result = await Api.SetAliasAsync(Key, version, alias);
        if (!result.Ok)
        {
            _error = result.Message;
            return;
        }
        Notifications.Notify(NotificationSeverity.Success, $"{version} is now the {alias}");
        await LoadAsync();
    }
}
