using System.Globalization;
using Microsoft.AspNetCore.Components;
using ReviewConsole.Contracts.Models;
using ReviewConsole.Contracts.Rollouts;
using ReviewConsole.Core.Rollouts;

namespace ReviewConsole.Features.Rollouts;

public sealed partial class StartRolloutForm
{
    /// <summary>The workflow's versions; the champion is not a candidate.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<ModelSummaryResponse> Versions { get; set; } = [];
    /// <summary>The version to preselect (from the models page).</summary>
    [Parameter] public string? Challenger { get; set; }
    [Parameter] public bool Busy { get; set; }
    [Parameter] public EventCallback<StartRolloutRequest> OnStart { get; set; }

    private static readonly (string Strategy, string Name, string Sentence)[] Strategies =
    [
        (RolloutStrategies.Single, "Single deployment",
            "it replaces the champion at once; the champion stays warm for a one-click rollback."),
        (RolloutStrategies.Shadow, "Shadow",
            "it scores every item beside the champion and never decides; you promote it on paired evidence from reviewers' labels."),
        (RolloutStrategies.Canary, "Canary",
            "it decides a growing share of units, advancing only on audited evidence that it is not worse, and rolls back by itself when it is."),
        (RolloutStrategies.AB, "A/B test",
            "it decides a fixed share of units beside the champion, both arms audited more often, until an always-valid test names the better one; you promote the winner or stop."),
        (RolloutStrategies.Interleaved, "Interleaved test",
            "at assist, reviewers see both versions' top labels drafted into one list (which version proposed each is never shown); the label they pick credits its version, until a sign test names the preferred one."),
        (RolloutStrategies.BlueGreen, "Blue-green",
            "it runs beside the champion first (a built-in one scores recent items: errors, latency, agreement; an external one shows paired evidence as items arrive), then takes over in one switch; the champion stays warm for a rollback."),
    ];

    private string? _version;
    private string _strategy = RolloutStrategies.Canary;
    private string _steps = string.Join(", ", CanarySettings.DefaultSteps);
    private double _marginPoints = 2;
    private int _minAudits = 50;
    private int _dwellMinutes = 10;
    private double _auditPercent = 20;
    private string? _unitKey;
    private double _sharePercent = 50;
    private int _rollbackMinutes = RolloutsApi.DefaultRollbackWindowMinutes;
    private string? _why;
    private bool _force;
    private string? _formError;
    private string? _preselected;

    private string? Champion => Versions.FirstOrDefault(m => m.Alias == ModelAliases.Champion)?.Version;

    private List<ModelSummaryResponse> Candidates => Versions.Where(m => m.Alias != ModelAliases.Champion).ToList();

    private string StartText => _strategy switch
    {
        RolloutStrategies.Single => "Deploy",
        RolloutStrategies.Shadow => "Start the shadow",
        RolloutStrategies.Canary => "Start the canary",
        RolloutStrategies.AB => "Start the A/B test",
        RolloutStrategies.Interleaved => "Start the interleaved test",
        _ => "Start blue-green",
    };

    private string? _lastChampion;

    protected override void OnParametersSet()
    {
        // A deployment went through: the next one needs its own reason.
        if (_lastChampion is not null && Champion != _lastChampion)
            (_why, _force) = (null, false);
        _lastChampion = Champion;
        if (Champion is null)
            _strategy = RolloutStrategies.Single;
        if (Challenger != _preselected && Candidates.Any(m => m.Version == Challenger))
            _version = _preselected = Challenger;
        if (_version is null || Candidates.All(m => m.Version != _version))
            _version = Candidates.FirstOrDefault(m => m.Alias == ModelAliases.Challenger)?.Version ?? Candidates.FirstOrDefault()?.Version;
    }

    private async Task StartAsync()
    {
        _formError = null;
        var canary = _strategy == RolloutStrategies.Canary;
        var ab = _strategy == RolloutStrategies.AB;
        List<double>? steps = null;
        if (canary)
        {
            steps = [];
            foreach (var part in _steps.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (!double.TryParse(part.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var share))
                {
                    _formError = $"Shares: \"{part}\" is not a number; write rising percentages separated by commas, e.g. 1, 5, 25, 100.";
                    return;
                }
                steps.Add(share);
            }
        }
        var request = new StartRolloutRequest(_strategy, _version, _why?.Trim(), Force: _strategy == RolloutStrategies.Single && _force,
            RollbackWindowMinutes: _strategy == RolloutStrategies.Shadow ? null : _rollbackMinutes,
            UnitKey: (canary || ab) && !string.IsNullOrWhiteSpace(_unitKey) ? _unitKey.Trim() : null,
            Steps: steps, Margin: canary || ab ? _marginPoints / 100 : null, MinAudits: canary ? _minAudits : null, DwellMinutes: canary ? _dwellMinutes : null,
            AuditRate: canary || ab ? _auditPercent / 100 : null, Share: ab ? _sharePercent / 100 : null);
        await OnStart.InvokeAsync(request);
    }
}
