namespace ReviewConsole.Components.Charts;

/// <summary>A point of a line chart; X is a number (a threshold) or a time.</summary>
public sealed record ChartPoint<TX>(TX X, double Y);

public sealed record ChartSeries<TX>(string Title, IReadOnlyList<ChartPoint<TX>> Points, string Color, bool Dashed = false, bool Markers = false);

public static class Csv
{
    /// <summary>One CSV per chart: a header of column names, then one row per value tuple, invariant culture.</summary>
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(string.Join(',', header.Select(Escape)));
        foreach (var row in rows)
            text.AppendLine(string.Join(',', row.Select(v => Escape(v switch
            {
                null => "",
                DateTimeOffset d => d.ToString("O"),
                DateTime d => d.ToString("O"),
                double d => d.ToString("G17", System.Globalization.CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => v.ToString() ?? "",
            }))));
        return text.ToString();
    }

    private static string Escape(string value) =>
        value.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
