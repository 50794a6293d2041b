namespace ReviewConsole.Core.Ladder;

/// <summary>The rungs of the automation ladder, lowest first.</summary>
public enum AutomationLevel
{
    Manual = 0,
    Shadow = 1,
    Assist = 2,
    Partial = 3,
    Full = 4,
}

public static class AutomationLevels
{
    public static string ToWire(this AutomationLevel level) => level.ToString().ToLowerInvariant();

    public static bool TryParse(string? value, out AutomationLevel level)
    {
        level = AutomationLevel.Manual;
        return value is not null
            && !int.TryParse(value, out _)
            && Enum.TryParse(value, ignoreCase: true, out level)
            && Enum.IsDefined(level);
    }

    public static IReadOnlyList<string> WireNames { get; } =
        Enum.GetValues<AutomationLevel>().Select(l => l.ToWire()).ToArray();
}
