using System.Text.Json;
using System.Text.Json.Serialization;
using ReviewConsole.Core.Schema;

namespace ReviewConsole.Infrastructure;

/// <summary>
/// Every string of every request body is text PostgreSQL can store: a NUL or an unpaired surrogate is refused
/// while reading, so the 400 names the field (through <see cref="BadRequestExceptionHandler"/>) instead of the
/// database failing the write with a 500.
/// </summary>
internal sealed class StorableStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException("The JSON value could not be converted to a string.");
        string value;
        try
        {
            value = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new JsonException(StorableText.Problem);
        }
        return StorableText.IsStorable(value) ? value : throw new JsonException(StorableText.Problem);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
