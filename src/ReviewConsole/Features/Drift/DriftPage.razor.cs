using Microsoft.AspNetCore.Components;
using ReviewConsole.Contracts.Automation;
using ReviewConsole.Contracts.Drift;
using ReviewConsole.Contracts.Events;
using ReviewConsole.Components.Console;
using ReviewConsole.Components.Charts;
using ReviewConsole.Features.Demo;
// Not all of MudBlazor: its ChartSeries<T> and ChartPoint<T> would clash with the console's own chart series.
using IDialogService = MudBlazor.IDialogService;

namespace ReviewConsole.Features.Drift;

/// <summary>Has the world moved under the model? Per-feature drift, the performance estimate, alerts, and what to do about it.</summary>
public sealed partial class DriftPage
{
    private static readonly (string Label, CurrentWindow Window)[] Presets =
    [
        ("5 min", new(TimeSpan.FromMinutes(5))), ("15 min", new(TimeSpan.FromMinutes(15))), ("hour", new(TimeSpan.FromHours(1))),
        ("day", new(TimeSpan.FromDays(1))), ("1,000 items", new(Items: 1_000)), ("10,000 items", new(Items: 10_000)),
    ];

    /// <summary>The presets, with the monitor's own span among them: the page opens on what the monitor alerts on.</summary>
    private (string Label, CurrentWindow Window)[] Windows = Presets;

    [Parameter] public string Key { get; set; } = "";

    [Inject] private ConsoleApi Api { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private IServiceProvider Services { get; set; } = default!;
    [Inject] private DriftWindowResolver Resolver { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    private DemoControlClient? Demo => Services.GetService<DemoControlClient>();
    private bool? _demoDrifting;

    private CurrentWindow _window = Presets[2].Window;
    private bool _custom;
    private DateTime? _currentFrom, _currentTo, _referenceFrom, _referenceTo;
    private DriftReportResponse? _report;
    private DriftHeatmapResponse? _heatmap;
    private FeatureDistributionResponse? _distribution;
    private string? _selected;
    private List<AlertResponse> _alerts = [];
    /// <summary>Why the report could not load; cleared by the next load that succeeds.</summary>
    private string? _error;
    /// <summary>Why an action (evaluate, retrain, the demo switch) failed; shown beside the buttons until dismissed or the next action.</summary>
    private string? _notice;

    protected override async Task OnInitializedAsync()
    {
        var monitor = Resolver.DefaultCurrent;
        if (!Presets.Any(p => p.Window.Span == monitor))
            Windows = Presets.Append((Label: monitor.TotalMinutes < 120 ? $"{monitor.TotalMinutes:0} min" : $"{monitor.TotalHours:0.#} hours", Window: new CurrentWindow(monitor)))
                .OrderBy(p => p.Window.Items is null ? 0 : 1).ThenBy(p => p.Window.Span ?? TimeSpan.Zero).ThenBy(p => p.Window.Items).ToArray();
        _window = Windows.First(p => p.Window.Span == monitor).Window;
        if (Demo is { } demo)
        {
            try
            {
                _demoDrifting = await demo.DriftingAsync();
            }
            catch (TaskCanceledException)
            {
                // The demo's control port did not answer in time: no demo switch, the page still loads.
            }
        }
        await LoadAsync();
    }

    private Task ToggleDemoDriftAsync() => ActAsync(async () =>
    {
        if (Demo is not { } demo)
            return;
        bool? now;
        try
        {
            now = await demo.SetDriftAsync(_demoDrifting != true);
        }
        catch (TaskCanceledException)
        {
            now = null;
        }
        if (now is null)
        {
            // Keep the switch as it was: saying "back to normal" here would be a guess.
            _notice = null;
            ActionError = "The demo's control endpoint did not answer, so the drift switch may not have changed. Try again.";
            return;
        }
        _demoDrifting = now;
        _notice = _demoDrifting == true
            ? "The demo's traffic now drifts: larger amounts, and US invoices the model gets wrong 70% of the time while staying just as confident. " +
              "Watch the last 15 minutes move; agreement falls as the reviewers label them."
            : "The demo's traffic is back to normal.";
    });

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
        catch (DatabaseUnavailableException)
        {
            _error = "The database is unreachable; this page refreshes when it is back.";
            RetryLater(LoadAsync);
        }
        StateHasChanged();
    }


    private async Task SelectAsync(string feature)
    {
        _selected = feature;
        try
        {
            _distribution = (await Api.DriftDistributionAsync(Key, feature, _window)).Value;
        }
        catch (DatabaseUnavailableException)
        {
            _error = "The database is unreachable; this page refreshes when it is back.";
        }
    }

    private static readonly IReadOnlySet<string> LiveTypes = new HashSet<string> { EventTypes.DriftAlert, EventTypes.AlertRaised, EventTypes.ModelTrained };

    private Task OnEventAsync(ConsoleEvent e) => LoadAsync();

    private async Task WindowAsync(CurrentWindow window)
    {
        _window = window;
        await LoadAsync();
    }

    private Task EvaluateAsync() => ActAsync(async () =>
    {
        var result = await Api.EvaluateDriftAsync(Key, _window);
        _notice = result.Value is { } report ? $"{report.Summary} {Raised(report.Raised ?? [])}" : null;
        ActionError = result.Ok ? null : $"Not evaluated: {result.Message}";
        await LoadAsync();
    });

    private static string Raised(IReadOnlyList<string> raised) => raised.Count switch
    {
        0 => "No new alert (an open alert is not repeated at the same severity).",
        _ => $"Raised {string.Join(" and ", raised.Select(k => k == AlertKinds.Agreement ? "an agreement alert" : "a drift alert"))}.",
    };

    private void ToggleCustom()
    {
        _custom = !_custom;
        if (_custom && _report is { } report && _currentFrom is null)
            (_currentFrom, _currentTo, _referenceFrom, _referenceTo) = (report.Current.From.LocalDateTime, report.Current.To.LocalDateTime, null, null);
    }

    private async Task ApplyCustomAsync()
    {
        DateTimeOffset? At(DateTime? local) => local is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Local)) : null;
        _window = new CurrentWindow(From: At(_currentFrom) ?? Time.GetUtcNow() - Resolver.DefaultCurrent, To: At(_currentTo),
            ReferenceFrom: _referenceTo is null ? null : At(_referenceFrom), ReferenceTo: _referenceFrom is null ? null : At(_referenceTo));
        await LoadAsync();
    }

    private string BucketText => Resolver.Bucket.TotalMinutes >= 1 ? $"{Resolver.Bucket.TotalMinutes:0}-minute" : $"{Resolver.Bucket.TotalSeconds:0}-second";

    /// <summary>A window's resolved boundaries: the date once, and again only when the window crosses midnight.</summary>
    private static string Span(DateTimeOffset from, DateTimeOffset to)
    {
        var (f, t) = (from.ToLocalTime(), to.ToLocalTime());
        return $"{f:MMM d HH:mm}–{(f.Date == t.Date ? t.ToString("HH:mm") : t.ToString("MMM d HH:mm"))}";
    }

    private static string BasisText(string basis) => basis switch
    {
        ReferenceBases.Requested => "as asked",
        ReferenceBases.ChampionTraining => "the champion's training window",
        ReferenceBases.PrecedingDays => "the 7 days before",
        _ => "the workflow's earliest items",
    };

    /// <summary>Moderate or major: the PSI cell is coloured only then, so a colour never says more than the severity beside it.</summary>
    private static bool Judged(string severity) => Core.Drift.DriftSeverities.Alarming(severity) is not null;

    private static string SeverityText(string severity) => severity == Core.Drift.DriftSeverities.NotEnoughReference ? "not enough reference" : severity;

    private async Task RetrainAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Retrain",
            "Train a new model on the recent reviewer labels? It enters as challenger and scores in shadow until you promote it.",
            yesText: "Train", cancelText: "Cancel");
        if (confirmed != true)
            return;
        await ActAsync(async () =>
        {
            var job = await Api.TrainAsync(Key);
            _notice = job.Ok ? "Training started; follow it on the Models page." : null;
            ActionError = job.Ok ? null : $"Training did not start: {job.Message}";
        });
    }



    /// <summary>
    /// The heatmap's column heads: the time of each slot, with seconds only when minutes would repeat, and the date above
    /// the first slot of each day, so no two heads read the same.
    /// </summary>
    private static IReadOnlyList<(string? Day, string Time)> SlotLabels(IReadOnlyList<DateTimeOffset> slots)
    {
        var local = slots.Select(s => s.ToLocalTime()).ToList();
        var minutes = local.Select(l => l.ToString("yyyy-MM-dd HH:mm")).ToList();
        var format = minutes.Distinct().Count() == minutes.Count ? "HH:mm" : "HH:mm:ss";
        var spansDays = local.Select(l => l.Date).Distinct().Count() > 1;
        return local.Select((l, i) => (
            Day: spansDays && (i == 0 || local[i - 1].Date != l.Date) ? l.ToString("MMM d") : null,
            Time: l.ToString(format))).ToList();
    }

    /// <summary>Times of day for a window within a day; with the date once it spans more, so no two ticks read alike.</summary>
    private string FormatWindowTime(object value)
    {
        var local = ((DateTime)value).ToLocalTime();
        return _report is { } report && report.Current.To - report.Current.From >= TimeSpan.FromHours(23)
            ? local.ToString("MMM d HH:mm")
            : local.ToString("HH:mm");
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

    // No data (fewer than 30 items in the slot) is hatched, so an empty slot never passes for a calm one.
    private static string Heat(double? psi) => psi is { } value ? Heat(value) : "repeating-linear-gradient(45deg, #f9fafb 0 4px, #e4e7ec 4px 5px)";

    private static string Heat(double psi) =>
        psi >= 0.25 ? "#fda29b" : psi >= 0.1 ? "#fedf89" : psi >= 0.05 ? "#fef0c7" : "#f2f4f7";
}
