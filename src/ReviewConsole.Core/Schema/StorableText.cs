using System.Text.Json;

namespace ReviewConsole.Core.Schema;

/// <summary>
/// Text PostgreSQL can store: no NUL character (U+0000) and well-formed UTF-16 (no lone surrogate). Either would
/// fail deep in the database write; checked up front, it is a 400 naming the field.
/// </summary>
public static class StorableText
{
    public const string Problem = "Text may not contain the NUL character (U+0000) or an unpaired surrogate (invalid Unicode).";

    public static bool IsStorable(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
                return false;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                    return false;
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Reads a JSON string that can be stored; false for other kinds, invalid Unicode and NUL.</summary>
    public static bool TryRead(JsonElement element, out string value)
    {
        value = "";
        if (element.ValueKind != JsonValueKind.String)
            return false;
        try
        {
            value = element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\ud800") cannot even be read as a string.
            return false;
        }
        return IsStorable(value);
    }

    /// <summary>At most <paramref name="max"/> characters of input, for echoing it in an error.</summary>
    public static string Echo(string value, int max = 64) => value.Length <= max ? value : value[..max] + "…";
}
