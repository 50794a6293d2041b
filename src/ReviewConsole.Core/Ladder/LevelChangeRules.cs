namespace ReviewConsole.Core.Ladder;

/// <summary>One field's complaint about a requested level change.</summary>
public sealed record FieldProblem(string Field, string Message);

/// <summary>What a promotion request asks for, as the caller sent it.</summary>
public sealed record PromotionRequest(AutomationLevel Current, string? ToLevel, string? Justification, bool Force, double? Threshold);

/// <summary>
/// The ladder's rules for a requested change, before any evidence is read: promotion goes one level at a time,
/// every change says why, forcing past failing gates needs an admin and a longer justification, and a threshold
/// is a finite probability. The gates themselves are <see cref="GateEvaluator"/>'s.
/// </summary>
public static class LevelChangeRules
{
    public const int MaxJustification = 4000;
    public const int MinForceJustification = 20;

    /// <summary>The level a promotion goes to, and every problem with the request (empty when it may proceed to the gates).</summary>
    public static (AutomationLevel To, IReadOnlyList<FieldProblem> Problems) CheckPromotion(PromotionRequest request)
    {
        var problems = new List<FieldProblem>();
        var current = request.Current;
        if (!Wire.TryParse<AutomationLevel>(request.ToLevel, out var to))
            problems.Add(new("toLevel", $"Level must be one of: {string.Join(", ", Wire.NamesOf<AutomationLevel>())}."));
        else if (current == AutomationLevel.Full)
            problems.Add(new("toLevel", "The workflow is already fully automated."));
        else if (to != current + 1)
            problems.Add(new("toLevel", $"Promotion goes one level at a time: from {current.ToWire()} the next level is {(current + 1).ToWire()}."));
        CheckJustification(request.Justification, problems);
        if (request.Force && !(request.Justification?.Trim().Length >= MinForceJustification))
            problems.Add(new("justification", $"A forced promotion needs a justification of at least {MinForceJustification} characters."));
        if (request.Threshold is { } threshold && !IsProbability(threshold))
            problems.Add(new("threshold", "Must be a number in (0, 1]."));
        return (to, problems);
    }

    /// <summary>The level a demotion goes to, and every problem with the request.</summary>
    public static (AutomationLevel To, IReadOnlyList<FieldProblem> Problems) CheckDemotion(AutomationLevel current, string? toLevel, string? justification)
    {
        var problems = new List<FieldProblem>();
        if (!Wire.TryParse<AutomationLevel>(toLevel, out var to) || to >= current)
            problems.Add(new("toLevel", $"Demotion goes to a lower level than {current.ToWire()}."));
        CheckJustification(justification, problems);
        return (to, problems);
    }

    /// <summary>Only an admin may promote past failing gates.</summary>
    public static bool MayForce(bool isAdmin) => isAdmin;

    /// <summary>
    /// The threshold the workflow runs at after the change: partial automation decides by one (the chosen or proposed,
    /// null when none qualifies - then the promotion cannot happen); every other level keeps what was set.
    /// </summary>
    public static double? ThresholdAfter(AutomationLevel to, double? evaluated, double? current) =>
        to == AutomationLevel.Partial ? evaluated : current;

    /// <summary>A confidence threshold: finite, above 0, at most 1 (NaN fails every comparison, so it fails here).</summary>
    public static bool IsProbability(double value) => value > 0 && value <= 1;

    private static void CheckJustification(string? justification, List<FieldProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(justification) || justification.Length > MaxJustification)
            problems.Add(new("justification", $"Say why (at most {MaxJustification} characters): every change is recorded with its justification."));
    }
}
