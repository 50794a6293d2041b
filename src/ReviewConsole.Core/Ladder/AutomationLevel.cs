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
