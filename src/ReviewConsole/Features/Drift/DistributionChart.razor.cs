using System.Globalization;
using Microsoft.AspNetCore.Components;
using ReviewConsole.Contracts.Drift;

namespace ReviewConsole.Features.Drift;

/// <summary>Reference vs current shares of one feature, scaled to the largest share so small differences stay visible.</summary>
public sealed partial class DistributionChart
{
    private const string ReferenceColor = "#93b4ee";
    private const string CurrentColor = "#b42318";

    [Parameter, EditorRequired] public IReadOnlyList<DistributionShare> Shares { get; set; } = [];

    /// <summary>Passed to the outer element (data-testid and the like).</summary>
    [Parameter(CaptureUnmatchedValues = true)] public IReadOnlyDictionary<string, object>? Attributes { get; set; }

    private double _largest = 1;

    protected override void OnParametersSet() =>
        _largest = Math.Max(1e-9, Shares.SelectMany(s => new[] { s.Reference, s.Current }).DefaultIfEmpty(0).Max());

    private string Bar(double share, string color)
    {
        var width = Math.Clamp(share / _largest, 0, 1) * 100;
        // A non-zero share never disappears entirely.
        var shown = share > 0 ? Math.Max(width, 0.5) : 0;
        return $"width: {shown.ToString("0.##", CultureInfo.InvariantCulture)}%; background: {color}";
    }
}
