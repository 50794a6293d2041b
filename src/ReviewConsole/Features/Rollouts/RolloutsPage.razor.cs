using Microsoft.AspNetCore.Components;
using MudBlazor;
using ReviewConsole.Components.Console;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Features.Demo;

namespace ReviewConsole.Features.Rollouts;

/// <summary>
/// A workflow's rollouts: start one with any strategy, watch the one in progress live (its evidence, what it waits
/// for, the canary's timeline), act on it, roll back while the replaced champion is warm, and read every ledger.
/// </summary>
public sealed partial class RolloutsPage
{
    [Parameter] public string Key { get; set; } = "";

    /// <summary>The version the models page sent here to deploy (?challenger=).</summary>
    [SupplyParameterFromQuery] public string? Challenger { get; set; }

    [Inject] private ConsoleApi Api { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IServiceProvider Services { get; set; } = default!;

    private List<ModelSummaryResponse> _models = [];
    private List<RolloutResponse> _rollouts = [];
    /// <summary>The rollout in progress, with its evidence.</summary>
    private RolloutResponse? _running;
    private string? _rollbackWhy;
    private string? _error;
    private bool _loaded;
    private DemoControlClient.NextModelState? _demoNext;

    private DemoControlClient? Demo => Services.GetService<DemoControlClient>();

    private bool CanRollBack => _rollouts.FirstOrDefault() is { Status: RolloutStatuses.Completed, Champion: not null, RollbackUntil: { } until }
                                && until > DateTimeOffset.UtcNow;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        if (Demo is { } demo)
            _demoNext = await demo.NextModelAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            var rollouts = await Api.RolloutsAsync(Key);
            _rollouts = rollouts.Value ?? [];
            _models = (await Api.ModelsAsync(Key)).Value ?? [];
            _running = _rollouts.FirstOrDefault() is { Status: RolloutStatuses.Running or RolloutStatuses.Paused }
                ? (await Api.CurrentRolloutAsync(Key)).Value
                : null;
            _error = rollouts.Ok ? null : rollouts.Message;
            _loaded = rollouts.Ok;
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
        EventTypes.RolloutChanged, EventTypes.ModelAliasChanged, EventTypes.ModelTrained, EventTypes.ModelRegistered, EventTypes.TaskLabeled,
    };

    private async Task OnEventAsync(ConsoleEvent e)
    {
        if (e.Type is EventTypes.RolloutChanged or EventTypes.ModelAliasChanged or EventTypes.ModelTrained or EventTypes.ModelRegistered)
            await LoadAsync();
        // A shadow's paired evidence and a canary's audits grow with every reviewer label.
        else if (e.Type == EventTypes.TaskLabeled && _running is not null)
        {
            // The evidence grew. A rollout that moved meanwhile arrives as its own rollout.changed (LiveRefresh keeps one per type).
            _running = (await Api.CurrentRolloutAsync(Key)).Value ?? _running;
            StateHasChanged();
        }
    }

    private Task StartAsync(StartRolloutRequest request) => ActAsync(async () =>
    {
        var result = await Api.StartRolloutAsync(Key, request);
        if (!result.Ok)
        {
            ActionError = $"The {request.Strategy} rollout of {request.Challenger} did not start: {result.Message}";
            return;
        }
        Snackbar.Add(request.Strategy switch
        {
            RolloutStrategies.Single => result.Value!.Champion is { } previous
                ? $"{request.Challenger} is the champion; {previous} stays warm for a rollback until {result.Value.RollbackUntil!.Value.ToLocalTime():HH:mm}"
                : $"{request.Challenger} is the champion",
            RolloutStrategies.Shadow => $"{request.Challenger} now scores every item in shadow; its evidence builds as reviewers label",
            RolloutStrategies.Canary => $"{request.Challenger} decides {result.Value!.Canary?.Percent ?? 1:0.#}% of units; the canary advances or rolls back by itself as audits come in",
            _ => $"{request.Challenger} is warmed beside the champion; switch when the evidence is clean",
        }, Severity.Success);
        Challenger = null;
        await LoadAsync();
    });

    /// <summary>promote, abandon, pause, resume, advance or rollback on the rollout in progress.</summary>
    private Task ActOnRunningAsync((string Action, string Why) act) => ActAsync(async () =>
    {
        var result = act.Action switch
        {
            "promote" => await Api.PromoteRolloutAsync(Key, act.Why),
            "abandon" => await Api.AbandonRolloutAsync(Key, act.Why),
            "rollback" => await Api.RollBackAsync(Key, act.Why),
            _ => await Api.CanaryActionAsync(Key, act.Action, act.Why),
        };
        if (!result.Ok)
        {
            ActionError = $"The rollout did not {act.Action}: {result.Message}";
            return;
        }
        if (act.Action is "promote" or "abandon")
            Snackbar.Add(act.Action == "promote" ? $"{result.Value!.Challenger} is the champion" : $"The {result.Value!.Strategy} of {result.Value.Challenger} is abandoned",
                Severity.Success);
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

    private Task SetDemoNextAsync(ChangeEventArgs e) => ActAsync(async () =>
    {
        if (Demo is not { } demo)
            return;
        var next = await demo.SetNextModelAsync(e.Value?.ToString() ?? "off");
        if (next is null)
            ActionError = "The demo simulator did not answer; is run.sh still running?";
        else
            Snackbar.Add((_demoNext = next).Mode == "off"
                ? $"The simulated client no longer sends {_demoNext.Version}"
                : $"The simulated client now sends {_demoNext.Version} beside its current model; it appears under Models within seconds", Severity.Info);
    });
}
