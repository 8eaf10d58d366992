using System.Text.Json;
using System.Text.RegularExpressions;

namespace Rethink.Evaluation.Datasets;

/// <summary>Field rules shared by the code formats.</summary>
internal static partial class CodeFields
{
    /// <summary>A required Python identifier.</summary>
    public static string EntryPoint(JsonElement item, string field)
    {
        var name = JsonFields.RequiredText(item, field).Trim();
        return Identifier().IsMatch(name)
            ? name
            : throw new DatasetFieldException(field, $"'{name}' is not a Python identifier");
    }

    /// <summary>A Python identifier (ASCII; what the datasets use).</summary>
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    public static partial Regex Identifier();

    /// <summary>Names of top-level functions defined in <c>code</c>, in order.</summary>
    [GeneratedRegex(@"^def\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(", RegexOptions.Multiline)]
    public static partial Regex TopLevelDef();
}
