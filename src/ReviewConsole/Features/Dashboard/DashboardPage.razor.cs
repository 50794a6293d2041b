using Microsoft.AspNetCore.Components;
using ReviewConsole.Contracts.Dashboard;
using ReviewConsole.Contracts.Workflows;
using ReviewConsole.Components.Console;
using ReviewConsole.Components.Charts;

namespace ReviewConsole.Features.Dashboard;

/// <summary>The manager's comparison charts over a date range; every number comes from the hourly rollups.</summary>
public sealed partial class DashboardPage
{
    private static readonly (string Label, TimeSpan Span)[] Ranges =
        [("24 h", TimeSpan.FromHours(24)), ("7 days", TimeSpan.FromDays(7)), ("30 days", TimeSpan.FromDays(30)), ("90 days", TimeSpan.FromDays(90))];

    [Inject] private ConsoleApi Api { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "workflow")] private string? Workflow { get; set; }

    private List<WorkflowSummary> _workflows = [];
    private string? _key;
    private TimeSpan _span = TimeSpan.FromHours(24);
    private DashboardResponse? _data;
    private string? _error;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task RangeAsync(TimeSpan span)
    {
        _span = span;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            if (_key is null)
            {
                // First load, or the first one failed: the workflow list comes before any dashboard.
                var workflows = await Api.WorkflowsAsync();
                _workflows = workflows.Value ?? [];
                _error = workflows.Ok ? null : workflows.Message;
                _key = _workflows.Any(w => w.Workflow.Key == Workflow) ? Workflow : _workflows.FirstOrDefault()?.Workflow.Key;
                if (_key is null)
                {
                    StateHasChanged();
                    return;
                }
            }
            var to = DateTimeOffset.UtcNow;
            var result = await Api.DashboardAsync(_key, to - _span, to);
            _data = result.Value;
            _error = result.Ok ? null : result.Message;
        }
        catch (DatabaseUnavailableException)
        {
            _error = "The database is unreachable; this page refreshes when it is back.";
            RetryLater(LoadAsync);
        }
        StateHasChanged();
    }


    private IReadOnlyList<ChartSeries<DateTime>> AutomationRateSeries => Series(p => p.AutomationRate, "Decided by the model", "#2f6fde");

    private IReadOnlyList<ChartSeries<DateTime>> ItemsSeries =>
        [.. Series(p => p.ItemsReceived, "Received", "#344054"), .. Series(p => p.AutoDecided, "By the model", "#2f6fde"), .. Series(p => p.HumanDecided, "By humans", "#12805c")];

    private IReadOnlyList<ChartSeries<DateTime>> QueueSeries => Series(p => p.QueueDepth, "Waiting for a human", "#b54708");

    private IReadOnlyList<ChartSeries<DateTime>> LatencySeries =>
        [.. Series(p => p.MedianDecisionSeconds, "Median", "#2f6fde"), .. Series(p => p.P90DecisionSeconds, "90th percentile", "#b42318", dashed: true)];

    private IReadOnlyList<ChartSeries<DateTime>> Series(Func<DashboardPoint, double?> value, string title, string color, bool dashed = false)
    {
        var points = _data!.Points.Where(p => value(p) is not null).Select(p => new ChartPoint<DateTime>(p.At.UtcDateTime, value(p)!.Value)).ToList();
        return points.Count == 0 ? [] : [new ChartSeries<DateTime>(title, points, color, dashed)];
    }

    private IReadOnlyList<ChartSeries<DateTime>> Series(Func<DashboardPoint, long> value, string title, string color) =>
        Series(p => (double?)value(p), title, color);

    private static readonly string[] VersionColors = ["#2f6fde", "#12805c", "#b54708", "#7a5af8", "#c11574", "#475467"];

    private string VersionColor(string version) =>
        VersionColors[Math.Max(0, _data!.Versions!.Select(v => v.Version).ToList().IndexOf(version)) % VersionColors.Length];

    private IReadOnlyList<ChartSeries<DateTime>> VersionShareSeries => VersionLines(p => p.Share);

    private IReadOnlyList<ChartSeries<DateTime>> VersionAutomationSeries => VersionLines(p => p.AutomationRate);

    /// <summary>Precision from blind audits where any were made in the range, else agreement with reviewers.</summary>
    private bool HasAudits => _data!.Versions?.Any(v => v.Points.Any(p => p.Precision is not null)) == true;

    private string QualityTitle => HasAudits ? "Precision from audits (dashed: 95% bounds)" : "Agreement with reviewers (dashed: 95% bounds)";

    private IReadOnlyList<ChartSeries<DateTime>> VersionQualitySeries => HasAudits
        ? VersionLines(p => p.Precision, p => (p.PrecisionLower, p.PrecisionUpper))
        : VersionLines(p => p.Agreement, p => (p.AgreementLower, p.AgreementUpper));

    /// <summary>One line per version (with its bounds, dashed, when given), and a dotted vertical mark at each rollout's start and end.</summary>
    private IReadOnlyList<ChartSeries<DateTime>> VersionLines(Func<VersionPoint, double?> value, Func<VersionPoint, (double Lower, double Upper)>? bounds = null)
    {
        var lines = new List<ChartSeries<DateTime>>();
        foreach (var version in _data!.Versions ?? [])
        {
            var measured = version.Points.Where(p => value(p) is not null).ToList();
            if (measured.Count == 0)
                continue;
            lines.Add(new(version.Version, measured.Select(p => new ChartPoint<DateTime>(p.At.UtcDateTime, value(p)!.Value)).ToList(), VersionColor(version.Version), Markers: true));
            if (bounds is not null && measured.Count > 1)
            {
                lines.Add(new($"{version.Version} lower", measured.Select(p => new ChartPoint<DateTime>(p.At.UtcDateTime, bounds(p).Lower)).ToList(), VersionColor(version.Version), Dashed: true));
                lines.Add(new($"{version.Version} upper", measured.Select(p => new ChartPoint<DateTime>(p.At.UtcDateTime, bounds(p).Upper)).ToList(), VersionColor(version.Version), Dashed: true));
            }
        }
        if (lines.Count == 0)
            return lines;
        foreach (var rollout in _data.Rollouts ?? [])
        {
            // A single deployment is one moment; the others have a start and, once over, an end.
            var marks = rollout.EndedAt == rollout.StartedAt
                ? new[] { (rollout.StartedAt, "deployed") }
                : [(rollout.StartedAt, "starts"), (rollout.EndedAt ?? DateTimeOffset.MinValue, "ends")];
            foreach (var (at, what) in marks)
            {
                if (at >= _data.From && at <= _data.To)
                    lines.Add(new($"{rollout.Strategy} of {rollout.Challenger} {what}", [new(at.UtcDateTime, 0), new(at.UtcDateTime, 1)], "#98a2b3", Dashed: true));
            }
        }
        return lines;
    }

    private string VersionsCsv() => ReviewConsole.Components.Charts.Csv.Write(
        ["version", "at", "items", "share", "precision", "precisionLower", "precisionUpper", "agreement", "agreementLower", "agreementUpper", "automationRate"],
        (_data!.Versions ?? []).SelectMany(v => v.Points.Select(p => (IReadOnlyList<object?>)
            [v.Version, p.At, p.Items, p.Share, p.Precision, p.PrecisionLower, p.PrecisionUpper, p.Agreement, p.AgreementLower, p.AgreementUpper, p.AutomationRate])));

    // Every time axis spans the chosen range, even when a series has a single point.
    private object RangeStart => _data!.From.UtcDateTime;

    private object RangeEnd => _data!.To.UtcDateTime;

    private string Csv(string chart) => $"{_key}-{chart}-{DateTime.UtcNow:yyyyMMdd}.csv";

    // Times of day only while the range is about a day; beyond that dates, so ticks a day apart never read alike.
    private string FormatTime(object value) =>
        _data is { } data && data.To - data.From <= TimeSpan.FromHours(25)
            ? ((DateTime)value).ToLocalTime().ToString("HH:mm")
            : ((DateTime)value).ToString("MMM d");

    private string ReviewersCsv() => ReviewConsole.Components.Charts.Csv.Write(
        ["reviewer", "labels", "activeHours", "labelsPerActiveHour"],
        _data!.Reviewers.Select(r => (IReadOnlyList<object?>)[r.Reviewer, r.Labels, r.ActiveHours, r.LabelsPerActiveHour]));

    private static string Rate(long auto, long human) => auto + human == 0 ? "—" : ((double)auto / (auto + human)).ToString("P0");

    /// <summary>A duration as people read it; minutes keep their seconds ("2m 30s"), so axis ticks never round to look uneven.</summary>
    public static string Duration(double seconds) =>
        seconds < 90 ? $"{seconds:0}s"
        : seconds < 5400 ? (Math.Round(seconds) % 60 == 0 ? $"{Math.Round(seconds) / 60:0}m" : $"{Math.Floor(Math.Round(seconds) / 60):0}m {Math.Round(seconds) % 60:0}s")
        : seconds < 172800 ? $"{seconds / 3600:0.#}h" : $"{seconds / 86400:0.#}d";
}
