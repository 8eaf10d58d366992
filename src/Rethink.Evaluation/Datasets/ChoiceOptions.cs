using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Rethink.Evaluation.Datasets;

/// <summary>Reading multiple-choice options and gold answers, and showing the options in a prompt.</summary>
internal static class ChoiceOptions
{
    public const int MaxOptions = 10;

    /// <summary>The options from an array field, or from fields named A, B, C, ... (contiguous from A).</summary>
    public static IReadOnlyList<string> Read(JsonElement item, string choicesField, out List<string> consumedFields)
    {
        consumedFields = [choicesField];
        var fromArray = JsonFields.OptionalTextArray(
            item, choicesField, MaxOptions, count => string.Create(CultureInfo.InvariantCulture, $"expected 2 to {MaxOptions} options, found {count}"));
        List<string> options;
        if (fromArray is not null)
        {
            options = [.. fromArray];
        }
        else
        {
            options = [];
            for (var i = 0; i < MaxOptions; i++)
            {
                var letter = Letter(i).ToString();
                if (!JsonFields.Has(item, letter))
                {
                    break;
                }

                options.Add(JsonFields.OptionalScalar(item, letter)!);
                consumedFields.Add(letter);
            }

            if (options.Count == 0)
            {
                throw new DatasetFieldException(choicesField, $"the field is missing (give an array \"{choicesField}\" or fields \"A\", \"B\", ...)");
            }
        }

        if (options.Count < 2 || options.Count > MaxOptions)
        {
            throw new DatasetFieldException(choicesField, string.Create(CultureInfo.InvariantCulture, $"expected 2 to {MaxOptions} options, found {options.Count}"));
        }

        for (var i = 0; i < options.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options[i]))
            {
                throw new DatasetFieldException(fromArray is null ? Letter(i).ToString() : choicesField, $"option {Letter(i)} is empty");
            }
        }

        return options;
    }

    /// <summary>
    /// The gold letter: a JSON string holding a letter ("B", "b", "(B)", "B.") or a JSON integer holding a 0-based
    /// option index. Digits inside a string are refused, since "1" could mean either convention.
    /// </summary>
    public static string GoldLetter(JsonElement item, string field, int optionCount)
    {
        if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new DatasetFieldException(field, "the field is missing");
        }

        int index;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (!value.TryGetInt32(out index))
            {
                throw new DatasetFieldException(field, $"expected a 0-based option index, found {value.GetRawText()}");
            }
        }
        else if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!.Trim().Trim('(', ')', '[', ']', '.', ' ');
            if (text.Length != 1 || !char.IsAsciiLetter(text[0]))
            {
                throw new DatasetFieldException(
                    field,
                    $"expected an option letter or a JSON integer 0-based index, found \"{value.GetString()}\"");
            }

            index = char.ToUpperInvariant(text[0]) - 'A';
        }
        else
        {
            throw new DatasetFieldException(field, $"expected an option letter or a 0-based index, found {JsonFields.Describe(value.ValueKind)}");
        }

        if (index < 0 || index >= optionCount)
        {
            throw new DatasetFieldException(
                field,
                string.Create(CultureInfo.InvariantCulture, $"answer {value.GetRawText()} is outside the {optionCount} options (A-{Letter(optionCount - 1)}, or index 0-{optionCount - 1})"));
        }

        return Letter(index).ToString();
    }

    /// <summary>The question followed by a blank line and one "A. option" line per option.</summary>
    public static string Prompt(string question, IReadOnlyList<string> options)
    {
        var builder = new StringBuilder(question.TrimEnd()).Append('\n');
        for (var i = 0; i < options.Count; i++)
        {
            builder.Append('\n').Append(Letter(i)).Append(". ").Append(options[i].Trim());
        }

        return builder.ToString();
    }

    public static char Letter(int index) => (char)('A' + index);
}
