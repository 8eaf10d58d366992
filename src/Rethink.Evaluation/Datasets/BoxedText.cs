namespace Rethink.Evaluation.Datasets;

/// <summary>Finds the content of the last complete <c>\boxed{...}</c> in a worked solution (nested braces honoured).</summary>
internal static class BoxedText
{
    public static string? Last(string text)
    {
        const string command = "\\boxed";
        var at = text.LastIndexOf(command, StringComparison.Ordinal);

        // Each unclosed box costs a scan to the end; a cap keeps a pathological solution linear.
        for (var tries = 0; at >= 0 && tries < 16; tries++)
        {
            var content = BracedAt(text, at + command.Length);
            if (content is not null)
            {
                return content;
            }

            at = at == 0 ? -1 : text.LastIndexOf(command, at - 1, StringComparison.Ordinal);
        }

        return null;
    }

    private static string? BracedAt(string text, int start)
    {
        var i = start;
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        if (i >= text.Length || text[i] != '{')
        {
            return null;
        }

        var depth = 0;
        for (var j = i; j < text.Length; j++)
        {
            if (text[j] == '\\' && j + 1 < text.Length && (text[j + 1] == '{' || text[j + 1] == '}'))
            {
                j++;
            }
            else if (text[j] == '{')
            {
                depth++;
            }
            else if (text[j] == '}' && --depth == 0)
            {
                return text[(i + 1)..j];
            }
        }

        return null;
    }
}
