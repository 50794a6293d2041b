namespace ReviewConsole.Infrastructure;

/// <summary>Field-level validation errors, keyed by the request field's JSON path.</summary>
public sealed class FieldErrors : Dictionary<string, string[]>
{
    public bool HasErrors => Count > 0;

    /// <summary>Problems found by a pure rule of Core, keyed by field.</summary>
    public static FieldErrors From(IEnumerable<Core.Ladder.FieldProblem> problems)
    {
        var errors = new FieldErrors();
        foreach (var problem in problems)
            errors.Add(problem.Field, problem.Message);
        return errors;
    }

    public void Add(string field, string message) =>
        this[field] = TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    public void Require(bool condition, string field, string message)
    {
        if (!condition)
            Add(field, message);
    }
}
