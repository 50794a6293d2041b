using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace ReviewConsole.Components.Charts;

/// <summary>
/// A line chart over a numeric (threshold) or time X axis. Ticks fall on round values, at most a handful per axis,
/// and a step whose labels would repeat is widened until every label is distinct. A series of a single point is drawn
/// as a marker (as is a two-point data series), and a single value gets room around it instead of sitting on the frame.
/// </summary>
public sealed partial class LineChart<TX>
{
    private const int MaxIntervals = 5;

    private static readonly bool IsTime = typeof(TX) == typeof(DateTime) || typeof(TX) == typeof(DateTimeOffset);

    private static readonly long[] TimeSteps =
    [
        TimeSpan.TicksPerMinute, 2 * TimeSpan.TicksPerMinute, 5 * TimeSpan.TicksPerMinute, 10 * TimeSpan.TicksPerMinute,
        15 * TimeSpan.TicksPerMinute, 30 * TimeSpan.TicksPerMinute, TimeSpan.TicksPerHour, 2 * TimeSpan.TicksPerHour,
        3 * TimeSpan.TicksPerHour, 6 * TimeSpan.TicksPerHour, 12 * TimeSpan.TicksPerHour, TimeSpan.TicksPerDay,
        2 * TimeSpan.TicksPerDay, 7 * TimeSpan.TicksPerDay, 14 * TimeSpan.TicksPerDay, 30 * TimeSpan.TicksPerDay,
        90 * TimeSpan.TicksPerDay, 365 * TimeSpan.TicksPerDay,
    ];

    [Parameter, EditorRequired] public string Title { get; set; } = "";
    [Parameter, EditorRequired] public IReadOnlyList<ChartSeries<TX>> Series { get; set; } = [];
    [Parameter] public Func<object, string> FormatX { get; set; } = v => v?.ToString() ?? "";
    [Parameter] public Func<object, string> FormatY { get; set; } = v => v?.ToString() ?? "";
    [Parameter] public object? XMin { get; set; }
    [Parameter] public object? XMax { get; set; }
    [Parameter] public object? YMin { get; set; }
    [Parameter] public object? YMax { get; set; }
    /// <summary>Smallest tick spacing on the X axis (a TimeSpan on a time axis); wider steps are taken when labels would crowd or repeat.</summary>
    [Parameter] public object? XStep { get; set; }
    /// <summary>Smallest tick spacing on the Y axis.</summary>
    [Parameter] public object? YStep { get; set; }
    [Parameter] public int Height { get; set; } = 260;
    [Parameter] public string? CsvName { get; set; }
    [Parameter] public string EmptyText { get; set; } = "No data yet.";

    private List<Drawn> _drawn = [];
    private List<Tick> _xTicks = [];
    private List<Tick> _yTicks = [];
    private string _yAxisWidth = "3ch";

    protected override void OnParametersSet()
    {
        var series = Series.Where(s => s.Points.Count > 0).ToList();
        if (series.Count == 0)
        {
            _drawn = [];
            _xTicks = [];
            _yTicks = [];
            return;
        }
        var points = series.SelectMany(s => s.Points).ToList();

        var (xLow, xHigh) = Bounds(XMin, XMax, points.Select(p => ToNumber(p.X)), fromZero: false,
            room: IsTime ? TimeSpan.TicksPerDay : 0.5);
        (xLow, xHigh, _xTicks) = IsTime
            ? TimeTicks(xLow, xHigh, XStep is null ? 0 : ToNumber(XStep))
            : NumberTicks(xLow, xHigh, extendLow: XMin is null, extendHigh: XMax is null, XStep is null ? 0 : ToNumber(XStep), v => FormatX(Box(v)), vertical: false);

        var (yLow, yHigh) = Bounds(YMin, YMax, points.Select(p => p.Y), fromZero: true, room: null);
        (yLow, yHigh, _yTicks) = NumberTicks(yLow, yHigh, extendLow: YMin is null, extendHigh: YMax is null,
            YStep is null ? 0 : ToNumber(YStep), v => FormatY(v), vertical: true);
        _yAxisWidth = $"calc({Math.Max(2, _yTicks.Select(t => t.Label.Length).DefaultIfEmpty(2).Max())}ch + 6px)";

        double X(double v) => (v - xLow) / (xHigh - xLow) * 100;
        double Y(double v) => 100 - (v - yLow) / (yHigh - yLow) * 100;

        _drawn = series.Select(s =>
        {
            var ordered = s.Points.OrderBy(p => ToNumber(p.X)).ToList();
            string? path = ordered.Count < 2
                ? null
                : string.Join(" ", ordered.Select((p, i) =>
                    $"{(i == 0 ? "M" : "L")}{Svg(X(ToNumber(p.X)) * 10)},{Svg(Y(p.Y) * 10)}"));
            var markers = s.Markers || ordered.Count == 1 || (ordered.Count == 2 && !s.Dashed)
                ? ordered.Select(p => new Marker(X(ToNumber(p.X)), Y(p.Y), $"{s.Title}: {FormatX(p.X!)} · {FormatY(p.Y)}")).ToList()
                : [];
            return new Drawn(s, path, markers);
        }).ToList();
    }

    /// <summary>The axis range: the caller's bounds where given, else the data's; a single value gets room around it.</summary>
    private static (double Low, double High) Bounds(object? min, object? max, IEnumerable<double> values, bool fromZero, double? room)
    {
        var data = values.Where(double.IsFinite).ToList();
        var low = min is not null ? ToNumber(min) : data.Count == 0 ? 0 : data.Min();
        var high = max is not null ? ToNumber(max) : data.Count == 0 ? 1 : data.Max();
        if (min is null && fromZero && low > 0)
            low = 0;
        if (high > low)
            return (low, high);
        var pad = room ?? Math.Max(Math.Abs(low) * 0.1, 1);
        if (max is null)
            high = low + pad;
        if (min is null && !(fromZero && low == 0))
            low -= pad;
        if (high <= low)
            high = low + pad;
        return (low, high);
    }

    private static (double Low, double High, List<Tick> Ticks) NumberTicks(
        double low, double high, bool extendLow, bool extendHigh, double minStep, Func<double, string> format, bool vertical)
    {
        var step = Math.Max(NiceStep((high - low) / MaxIntervals), minStep > 0 ? minStep : 0);
        for (var attempt = 0; attempt < 8; attempt++, step = NiceStep(step * 1.01))
        {
            var (from, to) = (extendLow ? Math.Floor(low / step + 1e-9) * step : low, extendHigh ? Math.Ceiling(high / step - 1e-9) * step : high);
            if (to <= from)
                continue;
            var values = new List<double>();
            for (var i = Math.Ceiling(from / step - 1e-9); i * step <= to + step * 1e-9; i++)
                values.Add(Math.Round(i * step, 10) + 0.0); // + 0.0 turns -0 (from Math.Ceiling of a tiny negative) into 0, never "-0 %"
            var labels = values.Select(format).ToList();
            if (values.Count >= 2 && values.Count <= MaxIntervals + 1 && Distinct(labels) || attempt == 7)
                return (from, to, values.Select((v, i) => new Tick(Position(v, from, to, vertical), labels[i])).ToList());
        }
        var ends = new List<Tick> { new(Position(low, low, high, vertical), format(low)), new(Position(high, low, high, vertical), format(high)) };
        return (low, high, ends);
    }

    private (double Low, double High, List<Tick> Ticks) TimeTicks(double low, double high, double minStep)
    {
        foreach (var step in TimeSteps.Where(s => s >= (high - low) / MaxIntervals && s >= minStep))
        {
            var values = new List<double>();
            for (var t = Math.Ceiling(low / step) * step; t <= high; t += step)
                values.Add(t);
            var labels = values.Select(v => FormatX(Box(v))).ToList();
            if (values.Count >= 2 && Distinct(labels))
                return (low, high, values.Select((v, i) => new Tick(Position(v, low, high, vertical: false), labels[i])).ToList());
        }
        // A range narrower than any round step: label its two ends, or its one end when both read the same.
        var (first, last) = (FormatX(Box(low)), FormatX(Box(high)));
        var ends = new List<Tick> { new(0, first) };
        if (last != first)
            ends.Add(new(100, last));
        return (low, high, ends);
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="raw"/>.</summary>
    private static double NiceStep(double raw)
    {
        if (!double.IsFinite(raw) || raw <= 0)
            return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var norm = raw / magnitude;
        return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
    }

    private static bool Distinct(List<string> labels) => labels.Distinct().Count() == labels.Count;

    private static double Position(double value, double low, double high, bool vertical)
    {
        var share = (value - low) / (high - low) * 100;
        return vertical ? 100 - share : share;
    }

    private static double ToNumber(object? value) => value switch
    {
        null => 0,
        DateTime d => d.Ticks,
        DateTimeOffset o => o.UtcTicks,
        TimeSpan t => t.Ticks,
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        _ => 0,
    };

    /// <summary>A tick value as the caller's formatter expects it: a DateTime (UTC) on a time axis, else a double.</summary>
    private static object Box(double value)
    {
        if (typeof(TX) == typeof(DateTime))
            return new DateTime(Math.Clamp((long)Math.Round(value), DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
        if (typeof(TX) == typeof(DateTimeOffset))
            return new DateTimeOffset(Math.Clamp((long)Math.Round(value), DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), TimeSpan.Zero);
        return value;
    }

    private static string Svg(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    private static string Pct(double value) => Math.Round(value, 3).ToString(CultureInfo.InvariantCulture) + "%";

    private static string XTickClass(int index, Tick tick) =>
        (index % 2 == 1 ? "rc-tick-odd " : "") + (tick.Position <= 1 ? "rc-tick-first" : tick.Position >= 99 ? "rc-tick-last" : "");

    private string BuildCsv() => Csv.Write(
        ["series", "x", "y"],
        Series.SelectMany(s => s.Points.Select(p => (IReadOnlyList<object?>)[s.Title, p.X, p.Y])));

    private sealed record Tick(double Position, string Label);

    private sealed record Marker(double Left, double Top, string Title);

    private sealed record Drawn(ChartSeries<TX> Series, string? Path, IReadOnlyList<Marker> Markers);
}
