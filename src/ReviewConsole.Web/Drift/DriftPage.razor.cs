using Microsoft.AspNetCore.Components;
using Radzen;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Contracts.Drift;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Web.Api;
using ReviewConsole.Web.Charts;

namespace ReviewConsole.Web.Drift;

/// <summary>Has the world moved under the model? Per-feature drift, the performance estimate, alerts, and what to do about it.</summary>
public sealed partial class DriftPage
{
    private static readonly (string Label, CurrentWindow Window)[] Windows =
    [
        ("5 min", new(TimeSpan.FromMinutes(5))), ("15 min", new(TimeSpan.FromMinutes(15))), ("hour", new(TimeSpan.FromHours(1))),
        ("day", new(TimeSpan.FromDays(1))), ("1,000 items", new(Items: 1_000)), ("10,000 items", new(Items: 10_000)),
    ];

    [Parameter] public string Key { get; set; } = "";

    [Inject] private ApiClient Api { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private DialogService Dialogs { get; set; } = default!;
    [Inject] private IServiceProvider Services { get; set; } = default!;

    private DemoControlClient? Demo => Services.GetService<DemoControlClient>();
    private bool? _demoDrifting;

    private CurrentWindow _window = Windows[2].Window;
    private DriftReportResponse? _report;
    private DriftHeatmapResponse? _heatmap;
    private FeatureDistributionResponse? _distribution;
    private string? _selected;
    private List<AlertResponse> _alerts = [];
    private string? _error;
    private string? _notice;

    protected override async Task OnInitializedAsync()
    {
        if (Demo is { } demo)
            _demoDrifting = await demo.DriftingAsync();
        await LoadAsync();
    }

    private async Task ToggleDemoDriftAsync()
    {
        if (Demo is { } demo)
            _demoDrifting = await demo.SetDriftAsync(_demoDrifting != true);
        _notice = _demoDrifting == true
            ? "The demo's traffic now drifts: larger amounts, and US invoices the model gets wrong half the time while staying just as confident. " +
              "Watch the last 15 minutes move; agreement falls as the reviewers label them."
            : "The demo's traffic is back to normal.";
    }

    private async Task LoadAsync()
    {
        try
        {
            var report = await Api.DriftAsync(Key, _window);
            _report = report.Value;
            _error = report.Ok ? null : report.Message;
            _alerts = (await Api.AlertsAsync(Key)).Value ?? [];
            _heatmap = (await Api.DriftHeatmapAsync(Key, _window)).Value;
            _selected ??= _report?.Features.OrderByDescending(f => f.Psi).FirstOrDefault()?.Feature;
            if (_selected is not null)
                _distribution = (await Api.DriftDistributionAsync(Key, _selected, _window)).Value;
        }
        catch (ApiUnreachableException)
        {
            _error = "The Api is unreachable; this page refreshes when it is back.";
        }
        StateHasChanged();
    }

    private async Task SelectAsync(string feature)
    {
        _selected = feature;
        _distribution = (await Api.DriftDistributionAsync(Key, feature, _window)).Value;
    }

    private Task OnEventAsync(ConsoleEvent e) =>
        e.Type is EventTypes.DriftAlert or EventTypes.AlertRaised or EventTypes.ModelTrained ? LoadAsync() : Task.CompletedTask;

    private async Task WindowAsync(CurrentWindow window)
    {
        _window = window;
        await LoadAsync();
    }

    private async Task EvaluateAsync()
    {
        var result = await Api.EvaluateDriftAsync(Key, _window);
        _notice = result.Ok ? $"Evaluated: {result.Value!.Overall}." : null;
        _error = result.Ok ? null : result.Message;
        await LoadAsync();
    }

    private async Task RetrainAsync()
    {
        if (await Dialogs.Confirm("Train a new model on the recent reviewer labels? It enters as challenger and scores in shadow until you promote it.",
                "Retrain", new ConfirmOptions { OkButtonText = "Train", CancelButtonText = "Cancel" }) != true)
            return;
        var job = await Api.TrainAsync(Key);
        _notice = job.Ok ? "Training started; follow it on the Models page." : null;
        _error = job.Ok ? null : job.Message;
    }

    private IReadOnlyList<ChartSeries<DateTime>> PerformanceSeries()
    {
        var series = _report!.Performance.Series;
        List<ChartPoint<DateTime>> Points(Func<PerformancePoint, double?> value) =>
            series.Where(p => value(p) is not null).Select(p => new ChartPoint<DateTime>(p.From.UtcDateTime, value(p)!.Value)).ToList();
        List<ChartSeries<DateTime>> all =
        [
            new("Expected (confidence)", Points(p => p.ExpectedAccuracy), "#dc6803", Markers: true),
            new("Measured by audits", Points(p => p.MeasuredAccuracy), "#2f6fde", Markers: true),
            new("Audits 95% low", Points(p => p.MeasuredLower), "#93b4ee", Dashed: true),
            new("Audits 95% high", Points(p => p.MeasuredUpper), "#93b4ee", Dashed: true),
            new("Agreement, all labelled", Points(p => p.Agreement), "#12b76a", Markers: true),
        ];
        return all.Where(s => s.Points.Count > 0).ToList();
    }

    /// <summary>Half-way down at least, lower when a value is: a fall stays in view and a steady line does not look like a cliff.</summary>
    private double PerformanceFloor() =>
        Math.Floor(Math.Min(0.5, PerformanceSeries().SelectMany(s => s.Points).Select(p => p.Y).DefaultIfEmpty(1).Min()) * 10) / 10;

    private static string Name(string feature) => feature switch
    {
        "__prediction" => "predicted label mix",
        "__confidence" => "model confidence",
        _ => feature,
    };

    private static string Heat(double? psi) => psi is { } value ? Heat(value) : "#ffffff";

    private static string Heat(double psi) =>
        psi >= 0.25 ? "#fda29b" : psi >= 0.1 ? "#fedf89" : psi >= 0.05 ? "#fef0c7" : "#f2f4f7";
}
