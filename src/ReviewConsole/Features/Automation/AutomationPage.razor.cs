using Microsoft.AspNetCore.Components;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Contracts.Workflows;
using ReviewConsole.Components.Console;
using ReviewConsole.Components.Charts;
// Not all of MudBlazor: its ChartSeries<T> would clash with the console's own chart series.
using ISnackbar = MudBlazor.ISnackbar;
using Severity = MudBlazor.Severity;

namespace ReviewConsole.Features.Automation;

/// <summary>The ML lead's view of one workflow: is the next step allowed, and why; take it or step back.</summary>
public sealed partial class AutomationPage
{
    private static readonly string[] Levels = ["manual", "shadow", "assist", "partial", "full"];

    [Parameter] public string Key { get; set; } = "";

    [Inject] private ConsoleApi Api { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private WorkflowResponse? _workflow;
    private AutomationResponse? _automation;
    private EvidenceResponse? _evidence;
    private List<AlertResponse> _alerts = [];
    private double? _threshold;
    private string? _justification;
    private string? _demoteTo;
    /// <summary>Why the page could not load; cleared by the next load that succeeds.</summary>
    private string? _error;
    /// <summary>Why a promotion or demotion was refused; shown beside the buttons until dismissed or the next attempt.</summary>
    private bool _force;
    private int _loads;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        // Loads overlap (live refreshes, a promotion's own reload): only the newest may write, never a stale one.
        var load = ++_loads;
        try
        {
            _workflow ??= (await Api.WorkflowAsync(Key)).Value;
            var automation = await Api.AutomationAsync(Key, _threshold);
            var evidence = await Api.EvidenceAsync(Key, _threshold);
            var alerts = await Api.AlertsAsync(Key);
            if (load != _loads)
                return;
            if (!automation.Ok || !evidence.Ok)
            {
                _error = automation.Ok ? evidence.Message : automation.Message;
                return;
            }
            var current = automation.Value!;
            _automation = current;
            _evidence = evidence.Value;
            _alerts = alerts.Value ?? [];
            _threshold ??= current.NextLevel == "partial" ? current.ProposedThreshold : null;
            if (_demoteTo is null || !Lower(current.Level).Contains(_demoteTo))
                _demoteTo = Lower(current.Level).LastOrDefault();
            _error = null;
        }
        catch (DatabaseUnavailableException)
        {
            _error = "The database is unreachable; this page refreshes when it is back.";
            RetryLater(LoadAsync);
        }
        StateHasChanged();
    }


    private async Task PickAsync(double threshold)
    {
        _threshold = threshold;
        await LoadAsync();
    }

    private async Task PromoteAsync()
    {
        if (_automation?.NextLevel is not { } to)
            return;
        await ChangeAsync(() => Api.PromoteAsync(Key, new PromoteRequest(to, _justification, _force, to == "partial" ? _threshold : null)), $"Promoted to {to}");
    }

    private Task DemoteAsync() =>
        ChangeAsync(() => Api.DemoteAsync(Key, new DemoteRequest(_demoteTo, _justification)), $"Demoted to {_demoteTo}");

    private Task ChangeAsync(Func<Task<ApiResponse<AutomationResponse>>> change, string done) => ActAsync(async () =>
    {
        var result = await change();
        if (!result.Ok)
        {
            ActionError = result.Message;
            return;
        }
        Snackbar.Add(done, Severity.Success);
        _justification = null;
        _force = false;
        _threshold = null;
        _demoteTo = null;
        await LoadAsync();
    });


    /// <summary>
    /// Green only when the audits' precision is at or above the floor. Below it the card says so even before the guardrail
    /// trips (it trips once enough audits put the upper bound of precision below the floor).
    /// </summary>
    private static (string Css, string Name, string? Note) GuardrailState(GuardrailResponse g)
    {
        var precision = g.Audits == 0 ? 1.0 : (double)g.Agreed / g.Audits;
        if (g.Tripped)
            return ("rc-bad", "tripped", "The guardrail tripped: even the upper bound of precision is below the floor.");
        if (g.PrecisionUpper < g.Floor)
            return ("rc-bad", "below-floor", "Precision is below the floor; the guardrail demotes the workflow once enough audits confirm it.");
        if (precision < g.Floor)
            return ("rc-warn", "below-floor", "Precision is below the floor, though not yet conclusively: more audits will tell.");
        return ("rc-good", "ok", null);
    }

    private static IReadOnlyList<string> Lower(string level) => Levels.TakeWhile(l => l != level).ToList();

    private IReadOnlyList<ChartSeries<double>> CurveSeries()
    {
        var curve = _evidence!.Curve.Where(p => p.Decided > 0).ToList();
        var series = new List<ChartSeries<double>>
        {
            new("Precision (lower bound)", curve.Select(p => new ChartPoint<double>(p.Threshold, p.PrecisionLower)).ToList(), "#2f6fde"),
            new("Precision", curve.Select(p => new ChartPoint<double>(p.Threshold, p.Precision)).ToList(), "#93b4ee"),
            new("Coverage", _evidence.Curve.Select(p => new ChartPoint<double>(p.Threshold, p.Coverage)).ToList(), "#12805c"),
            new($"Target {_evidence.TargetPrecision:P0}", [new(0, _evidence.TargetPrecision), new(1, _evidence.TargetPrecision)], "#b42318", Dashed: true),
        };
        if (_evidence.Threshold is { } t)
            series.Add(new($"Threshold {t:0.000}", [new(t, 0), new(t, 1)], "#344054", Dashed: true));
        return curve.Count == 0 ? [] : series;
    }

    private IReadOnlyList<ChartSeries<double>> ReliabilitySeries()
    {
        var bins = _evidence!.Reliability.Where(b => b.Count > 0).ToList();
        return bins.Count == 0
            ? []
            :
            [
                new("Observed accuracy", bins.Select(b => new ChartPoint<double>(b.MeanConfidence, b.Accuracy)).ToList(), "#2f6fde", Markers: true),
                new("Perfect calibration", [new(0, 0), new(1, 1)], "#98a2b3", Dashed: true),
            ];
    }

    private IReadOnlyList<ChartSeries<DateTime>> AgreementSeries()
    {
        var trend = _evidence!.AgreementTrend;
        if (trend.Count == 1)
        {
            // One day: a band of two dots would hide the point itself; the interval goes in the legend instead.
            var day = trend[0];
            return [new($"Agreement (95% band {day.Lower:P1}–{day.Upper:P1})", [new ChartPoint<DateTime>(day.Day.UtcDateTime, day.Agreement)], "#2f6fde", Markers: true)];
        }
        return trend.Count == 0
            ? []
            :
            [
                new("Agreement", trend.Select(p => new ChartPoint<DateTime>(p.Day.UtcDateTime, p.Agreement)).ToList(), "#2f6fde", Markers: true),
                new("Lower", trend.Select(p => new ChartPoint<DateTime>(p.Day.UtcDateTime, p.Lower)).ToList(), "#93b4ee", Dashed: true),
                new("Upper", trend.Select(p => new ChartPoint<DateTime>(p.Day.UtcDateTime, p.Upper)).ToList(), "#93b4ee", Dashed: true),
            ];
    }
}
