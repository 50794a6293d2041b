namespace ReviewConsole.Infrastructure;

/// <summary>Field-level validation errors, keyed by the request field's JSON path.</summary>
public sealed class FieldErrors : Dictionary<string, string[]>
{
    public bool HasErrors => Count > 0;

    public void Add(string field, string message) =>
        this[field] = TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    public void Require(bool condition, string field, string message)
    {
        if (!condition)
            Add(field, message);
    }
}
