using Microsoft.AspNetCore.Components;
using MudBlazor;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Components.Console;

namespace ReviewConsole.Features.Models;

/// <summary>Versions, their evaluations side by side, training with live progress, champion and challenger.</summary>
public sealed partial class ModelsPage
{
    [Parameter] public string Key { get; set; } = "";

    [Inject] private ConsoleApi Api { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private List<ModelSummaryResponse> _models = [];
    private List<AliasChangeResponse> _aliases = [];
    private ModelDetailResponse? _selected;
    private TrainingJobResponse? _active;
    private TrainingJobResponse? _lastJob;
    /// <summary>Why the page could not load; cleared by the next load that succeeds.</summary>
    private string? _error;
    /// <summary>Why training or an alias change was refused; kept until dismissed or the next action.</summary>

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            var models = await Api.ModelsAsync(Key);
            var jobs = await Api.TrainingJobsAsync(Key);
            _models = models.Value ?? [];
            _aliases = (await Api.AliasHistoryAsync(Key)).Value ?? [];
            _inProgress = (await Api.RolloutsAsync(Key)).Value?.FirstOrDefault() is { Status: RolloutStatuses.Running or RolloutStatuses.Paused } running
                ? running
                : null;
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
        catch (DatabaseUnavailableException)
        {
            _error = "The database is unreachable; this page refreshes when it is back.";
            RetryLater(LoadAsync);
        }
        StateHasChanged();
    }


    private static readonly IReadOnlySet<string> LiveTypes = new HashSet<string>
    {
        EventTypes.TrainingProgress, EventTypes.ModelTrained, EventTypes.ModelAliasChanged, EventTypes.ModelRegistered, EventTypes.RolloutChanged,
    };

    private async Task OnEventAsync(ConsoleEvent e)
    {
        if (e.Type is EventTypes.TrainingProgress or EventTypes.ModelTrained or EventTypes.ModelAliasChanged or EventTypes.ModelRegistered)
        {
            // A finished run shows the new challenger beside the champion.
            if (e.Type == EventTypes.ModelTrained || (e.Type == EventTypes.TrainingProgress && e.Label is "done" or "failed"))
                _selected = null;
            await LoadAsync();
        }
        else if (e.Type == EventTypes.RolloutChanged)
            await LoadAsync();
    }

    private async Task SelectAsync(string version)
    {
        try
        {
            _selected = (await Api.ModelAsync(Key, version)).Value;
        }
        catch (DatabaseUnavailableException)
        {
            _error = "The database is unreachable; this page refreshes when it is back.";
        }
    }

    /// <summary>The trainer the ML lead asks for; by default both, and the evidence picks.</summary>
    private string _trainer = Core.Models.Trainers.Auto;

    private Task TrainAsync() => ActAsync(async () =>
    {
        var job = await Api.TrainAsync(Key, trainer: _trainer);
        if (!job.Ok)
        {
            ActionError = $"Training did not start: {job.Message}";
            return;
        }
        _active = job.Value;
        Snackbar.Add("Training started. The new version will enter as challenger.", Severity.Info);
    });

    /// <summary>The rollout in progress, linked from a banner: rollouts are started and run on the Rollouts page.</summary>
    private RolloutResponse? _inProgress;

    private Task AliasAsync(string version, string alias) => ActAsync(async () =>
    {
        var result = await Api.SetAliasAsync(Key, version, alias);
        if (!result.Ok)
        {
            ActionError = $"{version} is not the {alias}: {result.Message}";
            return;
        }
        Snackbar.Add($"{version} is now the {alias}", Severity.Success);
        await LoadAsync();
    });



    private static string? NoHoldout(ModelSummaryResponse model) =>
        model.Accuracy is null ? "An external version: the console has no holdout evaluation of it; its agreement with reviewers is on the dashboard." : null;

    private static string TrainerName(string trainer) => trainer switch
    {
        Core.Models.Trainers.BoostedTrees => "gradient-boosted trees (LightGBM)",
        Core.Models.Trainers.LogisticRegression => "logistic regression (L-BFGS)",
        Core.Models.Trainers.Legacy => "logistic regression (previous trainer)",
        _ => trainer,
    };
}
