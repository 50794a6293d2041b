namespace ReviewConsole.Infrastructure;

/// <summary>
/// Times a client may name in a query: from 2000 to a year ahead. Anything else is a typo or an attack, and near
/// 0001-01-01 or 9999-12-31 window arithmetic would overflow; it is a 400 naming the parameter instead.
/// </summary>
public static class PlausibleTime
{
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Check(FieldErrors errors, string parameter, DateTimeOffset? value) =>
        errors.Require(value is null || (value >= Earliest && value <= DateTimeOffset.UtcNow.AddYears(1)), parameter,
            "Give a time between 2000-01-01 and a year from now.");
}
