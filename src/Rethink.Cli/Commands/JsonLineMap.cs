using System.Globalization;
using System.Text.Json;

namespace Rethink.Cli.Commands;

/// <summary>
/// The line of every property and array element of a JSON file, keyed by path (<c>models[1].strategy</c>), so a
/// semantic error found after parsing can still name the line it is on. JsonDocument keeps no positions; a
/// Utf8JsonReader pass over the same bytes does.
/// </summary>
internal sealed class JsonLineMap
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    public JsonLineMap(byte[] utf8, JsonReaderOptions options)
    {
        var newlines = new List<int>();
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                newlines.Add(i);
            }
        }

        var reader = new Utf8JsonReader(utf8, options);
        var containers = new Stack<Container>();
        string? pendingProperty = null;
        while (reader.Read())
        {
            var line = LineOf(newlines, (int)reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var parent = containers.Peek().Path;
                    pendingProperty = parent.Length == 0 ? reader.GetString()! : parent + "." + reader.GetString();
                    _lines.TryAdd(pendingProperty, line);
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var path = NextValuePath(containers, ref pendingProperty);
                    _lines.TryAdd(path, line);
                    containers.Push(new Container(path, reader.TokenType == JsonTokenType.StartArray));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    containers.Pop();
                    break;
                case JsonTokenType.Comment:
                    break;
                default:
                    _lines.TryAdd(NextValuePath(containers, ref pendingProperty), line);
                    break;
            }
        }
    }

    /// <summary>The line of <paramref name="path"/>, or of its nearest recorded parent; 1 when nothing matches.</summary>
    public int LineOf(string path)
    {
        while (true)
        {
            if (_lines.TryGetValue(path, out var line))
            {
                return line;
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0)
            {
                return 1;
            }

            path = path[..cut];
        }
    }

    private static string NextValuePath(Stack<Container> containers, ref string? pendingProperty)
    {
        if (containers.Count == 0)
        {
            return string.Empty;
        }

        var top = containers.Peek();
        if (top.IsArray)
        {
            return top.Path + "[" + (top.Count++).ToString(CultureInfo.InvariantCulture) + "]";
        }

        var path = pendingProperty ?? top.Path;
        pendingProperty = null;
        return path;
    }

    private static int LineOf(List<int> newlines, int offset)
    {
        var index = newlines.BinarySearch(offset);
        return (index < 0 ? ~index : index) + 1;
    }

    private sealed class Container(string path, bool isArray)
    {
        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int Count { get; set; }
    }
}
