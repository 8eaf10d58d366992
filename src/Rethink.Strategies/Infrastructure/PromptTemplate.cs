using System.Text;

namespace Rethink.Strategies;

/// <summary>
/// Fills <c>{name}</c> placeholders in a prompt template in a single left-to-right pass. Substituted values are never
/// scanned again, so model output that happens to contain "{feedback}" cannot pull other values into the prompt.
/// Unknown placeholders and other braces are left as written (prompts may contain JSON).
/// </summary>
internal static class PromptTemplate
{
    public static string Render(string template, IReadOnlyDictionary<string, string> values)
    {
        var sb = new StringBuilder(template.Length + 256);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                sb.Append(template, i, template.Length - i);
                break;
            }

            sb.Append(template, i, open - i);
            var close = template.IndexOf('}', open + 1);
            if (close > open + 1 && values.TryGetValue(template[(open + 1)..close], out var value))
            {
                sb.Append(value);
                i = close + 1;
            }
            else
            {
                sb.Append('{');
                i = open + 1;
            }
        }

        return sb.ToString();
    }

    public static void RequirePlaceholders(string template, string optionName, params string[] placeholders)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            throw new ArgumentException($"{optionName} must not be empty.", optionName);
        }

        foreach (var p in placeholders)
        {
            if (!template.Contains("{" + p + "}", StringComparison.Ordinal))
            {
                throw new ArgumentException($"{optionName} must contain the placeholder {{{p}}}.", optionName);
            }
        }
    }

    public static void RequireText(string? text, string optionName)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException($"{optionName} must not be empty.", optionName);
        }
    }
}
