using System.Text.Json;

namespace ReviewConsole.Infrastructure;

/// <summary>
/// Finds where a malformed JSON body breaks, as a path: the serializer names only the property whose value it was
/// reading (<c>$.features</c> for a bare NaN anywhere inside an object of features); re-reading the buffered body
/// names the value itself (<c>$.features.amount</c>).
/// </summary>
public static class JsonErrorLocator
{
    private sealed class Frame(bool array)
    {
        public bool Array { get; } = array;
        public int Index { get; set; } = -1;
        public string? Name { get; set; }
    }

    private static string NameOf(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
        }
    }

    /// <summary>The path of the first token the reader refuses, or null when the JSON reads cleanly.</summary>
    public static string? Locate(ReadOnlySpan<byte> json)
    {
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (frames.Count > 0 && frames[^1].Array)
                            frames[^1].Index++;
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        // A name that is not valid text (a lone surrogate) is named by its raw bytes, never decoded.
                        frames[^1].Name = NameOf(ref reader);
                        break;
                    default:
                        if (frames.Count > 0 && frames[^1].Array)
                            frames[^1].Index++;
                        break;
                }
            }
            return null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            var path = new System.Text.StringBuilder("$");
            for (var i = 0; i < frames.Count; i++)
            {
                var frame = frames[i];
                if (frame.Array)
                    path.Append('[').Append(i == frames.Count - 1 ? frame.Index + 1 : frame.Index).Append(']');
                else if (frame.Name is not null)
                    path.Append('.').Append(frame.Name);
            }
            return path.ToString();
        }
    }
}
