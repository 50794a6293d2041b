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
            _rollouts = (await Api.RolloutsAsync(Key)).Value ?? [];
            _latestRollout = _rollouts.FirstOrDefault();
            _running = _latestRollout is { Status: RolloutStatuses.Running or RolloutStatuses.Paused } ? (await Api.CurrentRolloutAsync(Key)).Value : null;
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


    private async Task OnEventAsync(ConsoleEvent e)
    {
        if (e.Type is EventTypes.TrainingProgress or EventTypes.ModelTrained or EventTypes.ModelAliasChanged)
        {
            // A finished run shows the new challenger beside the champion.
            if (e.Type == EventTypes.ModelTrained || (e.Type == EventTypes.TrainingProgress && e.Label is "done" or "failed"))
                _selected = null;
            await LoadAsync();
        }
        else if (e.Type == EventTypes.RolloutChanged)
            await LoadAsync();
        // A shadow's paired evidence and a canary's audits grow with every reviewer label.
        else if (e.Type == EventTypes.TaskLabeled && _running is not null)
        {
            _running = (await Api.CurrentRolloutAsync(Key)).Value;
            StateHasChanged();
        }
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

    /// <summary>The version an ML lead asked to make champion: the deployment waits for a justification and a confirmation.</summary>
    private string? _promoting;
    private string? _promoteWhy;
    private bool _force;
    /// <summary>The latest rollout, for the one-click rollback while the replaced champion is warm.</summary>
    private RolloutResponse? _latestRollout;
    /// <summary>The workflow's rollouts, newest first, each with its ledger.</summary>
    private List<RolloutResponse> _rollouts = [];
    private string? _rollbackWhy;

    private bool CanRollBack => _latestRollout is { Status: RolloutStatuses.Completed, Champion: not null, RollbackUntil: { } until } && until > DateTimeOffset.UtcNow;

    private void AskPromotion(string version)
    {
        _promoting = version;
        _promoteWhy = null;
        _force = false;
    }

    private void CancelPromotion() => _promoting = null;

    /// <summary>The rollout in progress (a shadow), with its paired evidence.</summary>
    private RolloutResponse? _running;
    private string? _endWhy;

    private Task ShadowAsync() => StartBesideChampionAsync(RolloutStrategies.Shadow, "now scores every item in shadow; its evidence builds as reviewers label");

    private Task CanaryAsync() => StartBesideChampionAsync(RolloutStrategies.Canary,
        "decides 1% of units first; the canary advances or rolls back by itself as audits come in");

    private Task CanaryStepAsync(string action) => ActAsync(async () =>
    {
        var result = action == "rollback" ? await Api.RollBackAsync(Key, _endWhy ?? "") : await Api.CanaryActionAsync(Key, action, _endWhy ?? "");
        if (!result.Ok)
        {
            ActionError = $"The canary did not {action}: {result.Message}";
            return;
        }
        _endWhy = null;
        await LoadAsync();
    });

    private Task BlueGreenAsync() => StartBesideChampionAsync(RolloutStrategies.BlueGreen, "is warmed beside the champion; switch when the warm-up is clean");

    private Task StartBesideChampionAsync(string strategy, string started) => ActAsync(async () =>
    {
        if (_promoting is not { } version)
            return;
        var result = await Api.StartRolloutAsync(Key, new StartRolloutRequest(strategy, version, _promoteWhy));
        if (!result.Ok)
        {
            ActionError = $"The {strategy} rollout of {version} did not start: {result.Message}";
            return;
        }
        _promoting = null;
        Snackbar.Add($"{version} {started}", Severity.Success);
        await LoadAsync();
    });

    private Task EndRolloutAsync(bool promote) => ActAsync(async () =>
    {
        var result = promote ? await Api.PromoteRolloutAsync(Key, _endWhy ?? "") : await Api.AbandonRolloutAsync(Key, _endWhy ?? "");
        if (!result.Ok)
        {
            ActionError = $"The rollout did not end: {result.Message}";
            return;
        }
        _endWhy = null;
        Snackbar.Add(promote ? $"{result.Value!.Challenger} is the champion" : $"The {result.Value!.Strategy} of {result.Value.Challenger} is abandoned", Severity.Success);
        await LoadAsync();
    });

    private Task PromoteAsync() => ActAsync(async () =>
    {
        if (_promoting is not { } version)
            return;
        var result = await Api.StartRolloutAsync(Key, new StartRolloutRequest(RolloutStrategies.Single, version, _promoteWhy, _force));
        if (!result.Ok)
        {
            ActionError = $"{version} was not deployed: {result.Message}";
            return;
        }
        _promoting = null;
        Snackbar.Add(result.Value!.Champion is { } previous
            ? $"{version} is the champion; {previous} stays warm for a rollback until {result.Value.RollbackUntil!.Value.ToLocalTime():HH:mm}"
            : $"{version} is the champion", Severity.Success);
        await LoadAsync();
    });

    private Task RollBackAsync() => ActAsync(async () =>
    {
        var result = await Api.RollBackAsync(Key, _rollbackWhy ?? "");
        if (!result.Ok)
        {
            ActionError = $"Not rolled back: {result.Message}";
            return;
        }
        _rollbackWhy = null;
        Snackbar.Add($"{result.Value!.Champion} is the champion again", Severity.Success);
        await LoadAsync();
    });

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
