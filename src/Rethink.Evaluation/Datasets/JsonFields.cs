using System.Globalization;
using System.Text.Json;

namespace Rethink.Evaluation.Datasets;

/// <summary>Typed access to the fields of one JSON object, failing with <see cref="DatasetFieldException"/> naming the field.</summary>
internal static class JsonFields
{
    public static bool Has(JsonElement item, string field) =>
        item.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>A required non-blank string.</summary>
    public static string RequiredText(JsonElement item, string field)
    {
        if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new DatasetFieldException(field, "the field is missing");
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new DatasetFieldException(field, $"expected a string, found {Describe(value.ValueKind)}");
        }

        var text = value.GetString()!;
        return string.IsNullOrWhiteSpace(text) ? throw new DatasetFieldException(field, "the string is empty") : text;
    }

    /// <summary>An optional string (null when absent or JSON null); empty strings are returned as they are.</summary>
    public static string? OptionalText(JsonElement item, string? field)
    {
        if (field is null || !item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new DatasetFieldException(field, $"expected a string, found {Describe(value.ValueKind)}");
    }

    /// <summary>An optional string or number, as text (numbers as written in the file).</summary>
    public static string? OptionalScalar(JsonElement item, string? field)
    {
        if (field is null || !item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new DatasetFieldException(field, $"expected a string or a number, found {Describe(value.ValueKind)}"),
        };
    }

    /// <summary>The item's id: a non-blank string or an integer; empty string when the field is absent.</summary>
    public static string Id(JsonElement item, string field)
    {
        if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return string.Empty;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetString()) => value.GetString()!.Trim(),
            JsonValueKind.String => throw new DatasetFieldException(field, "the id is empty"),
            JsonValueKind.Number when value.TryGetInt64(out var n) => n.ToString(CultureInfo.InvariantCulture),
            _ => throw new DatasetFieldException(field, $"expected a string or an integer id, found {Describe(value.ValueKind)}"),
        };
    }

    /// <summary>
    /// An optional array of strings (null when absent). An array of more than <paramref name="maxItems"/> items is
    /// rejected before any is copied, so a long line of tiny items costs no more than the line itself.
    /// </summary>
    public static IReadOnlyList<string>? OptionalTextArray(JsonElement item, string? field, int maxItems = int.MaxValue, Func<int, string>? tooMany = null)
    {
        if (field is null || !item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new DatasetFieldException(field, $"expected an array of strings, found {Describe(value.ValueKind)}");
        }

        var count = value.GetArrayLength();
        if (count > maxItems)
        {
            throw new DatasetFieldException(
                field,
                tooMany?.Invoke(count) ?? string.Create(CultureInfo.InvariantCulture, $"{count} items, more than the limit of {maxItems}"));
        }

        var list = new List<string>(count);
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                throw new DatasetFieldException(field, string.Create(CultureInfo.InvariantCulture, $"element {index} is {Describe(element.ValueKind)}, expected a string"));
            }

            list.Add(element.GetString()!);
            index++;
        }

        return list;
    }

    /// <summary>Every top-level string, number or boolean field not in <paramref name="consumed"/>, as text.</summary>
    public static Dictionary<string, string> Metadata(JsonElement item, IEnumerable<string?> consumed)
    {
        var skip = new HashSet<string>(consumed.OfType<string>(), StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in item.EnumerateObject())
        {
            if (skip.Contains(property.Name))
            {
                continue;
            }

            var text = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
            if (text is not null)
            {
                metadata[property.Name] = text;
            }
        }

        return metadata;
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
