using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReviewConsole.Core;

/// <summary>
/// The one way an enum is written on the wire, in the database and in URLs: the member's
/// <see cref="JsonStringEnumMemberNameAttribute"/> where it has one, else its name in snake_case
/// ("LowConfidence" is "low_confidence") - the names <see cref="JsonStringEnumConverter"/> writes with
/// <see cref="JsonNamingPolicy.SnakeCaseLower"/>. Reading ignores case and refuses numbers.
/// </summary>
public static class Wire
{
    public static string ToWire<T>(this T value) where T : struct, Enum => Names<T>.ByValue[value];

    public static bool TryParse<T>(string? wire, out T value) where T : struct, Enum
    {
        if (wire is not null && Names<T>.ByName.TryGetValue(wire, out value))
            return true;
        value = default;
        return false;
    }

    public static IReadOnlyList<string> NamesOf<T>() where T : struct, Enum => Names<T>.All;

    private static class Names<T> where T : struct, Enum
    {
        public static readonly Dictionary<T, string> ByValue = Enum.GetValues<T>().ToDictionary(v => v, NameOf);
        public static readonly Dictionary<string, T> ByName = ByValue.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);
        public static readonly IReadOnlyList<string> All = [.. ByValue.Values];

        private static string NameOf(T value)
        {
            var member = value.ToString();
            return typeof(T).GetField(member)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                   ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(member);
        }
    }
}
