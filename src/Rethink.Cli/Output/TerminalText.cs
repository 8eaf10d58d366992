using System.Globalization;
using System.Text;

namespace Rethink.Cli.Output;

/// <summary>
/// Makes model output safe to print: a model can emit ESC/OSC sequences (clearing the screen, writing the clipboard
/// via OSC 52) or carriage returns that overwrite earlier lines. Everything below U+0020 except newline and tab, DEL,
/// and the C1 controls are shown as visible escapes instead.
/// </summary>
internal static class TerminalText
{
    public static string Sanitize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var unsafeChar = (c < ' ' && c != '\n' && c != '\t') || c == '\u007f' || (c >= '\u0080' && c <= '\u009f');
            if (unsafeChar)
            {
                builder ??= new StringBuilder(text, 0, i, text.Length + 16);

                // A Windows line ending is an ordinary newline, not an attempt to overwrite the line.
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    continue;
                }

                builder.Append(c == '\r' ? "\\r" : "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder?.Append(c);
            }
        }

        return builder?.ToString() ?? text;
    }
}
