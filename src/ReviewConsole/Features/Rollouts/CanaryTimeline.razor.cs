using Microsoft.AspNetCore.Components;
using ReviewConsole.Components.Charts;
using ReviewConsole.Contracts.Rollouts;

namespace ReviewConsole.Features.Rollouts;

// Not all of MudBlazor: its ChartSeries<T> and ChartPoint<T> would clash with the console's own chart series.
public sealed partial class CanaryTimeline
{
    [Parameter, EditorRequired] public RolloutResponse Rollout { get; set; } = default!;
    [Parameter, EditorRequired] public CanaryStateResponse Canary { get; set; } = default!;

    /// <summary>A share of precision in points: 0.02 is "2 points".</summary>
    internal static string Points(double share) => $"{share * 100:0.#} point{(Math.Abs(share * 100 - 1) < 1e-9 ? "" : "s")}";

    private DateTime Start => Rollout.StartedAt.UtcDateTime;

    private DateTime End => (Rollout.EndedAt ?? DateTimeOffset.UtcNow).UtcDateTime is var end && end > Start.AddMinutes(1) ? end : Start.AddMinutes(1);

    private string FormatTime(object value) => ((DateTime)value).ToLocalTime().ToString(End - Start > TimeSpan.FromDays(1) ? "MMM d HH:mm" : "HH:mm");

    /// <summary>The share as a step line: each ledger entry that moves it draws a vertical jump.</summary>
    private IReadOnlyList<ChartSeries<DateTime>> RampSeries()
    {
        var points = new List<ChartPoint<DateTime>>();
        for (var i = 0; i < Rollout.Ledger.Count; i++)
        {
            var at = Rollout.Ledger[i].At.UtcDateTime;
            var share = CanaryState.ShareAfter(Canary.Steps, Rollout.Ledger.Take(i + 1).Select(e => e.Action));
            if (points.Count > 0)
                points.Add(new(at, points[^1].Y));
            points.Add(new(at, share));
        }
        if (points.Count > 0)
            points.Add(new(End, points[^1].Y));
        return [new("Challenger's share", points, "#1d4ed8")];
    }

    private IReadOnlyList<ChartSeries<DateTime>> PrecisionSeries()
    {
        var timeline = Canary.Timeline ?? [];
        return
        [
            new($"{Rollout.Challenger} (challenger)", timeline.Where(p => p.ChallengerChecked > 0)
                .Select(p => new ChartPoint<DateTime>(p.At.UtcDateTime, (double)p.ChallengerCorrect / p.ChallengerChecked)).ToList(), "#1d4ed8", Markers: true),
            new($"{Rollout.Champion} (champion)", timeline.Where(p => p.ChampionChecked > 0)
                .Select(p => new ChartPoint<DateTime>(p.At.UtcDateTime, (double)p.ChampionCorrect / p.ChampionChecked)).ToList(), "#667085", Markers: true),
        ];
    }

    private IReadOnlyList<ChartSeries<DateTime>> DifferenceSeries()
    {
        var measured = (Canary.Timeline ?? []).Where(p => p.Difference is not null).ToList();
        if (measured.Count == 0)
            return [];
        ChartPoint<DateTime> Point(CanaryPointResponse p, double y) => new(p.At.UtcDateTime, y);
        return
        [
            new("Difference", measured.Select(p => Point(p, p.Difference!.Value)).ToList(), "#1d4ed8", Markers: true),
            new("Lower bound", measured.Select(p => Point(p, p.Lower)).ToList(), "#93b4ee", Dashed: true),
            new("Upper bound", measured.Select(p => Point(p, p.Upper)).ToList(), "#93b4ee", Dashed: true),
            new($"−margin ({Points(Canary.Margin)})", [new(Start, -Canary.Margin), new(End, -Canary.Margin)], "#b42318", Dashed: true),
        ];
    }
}
