namespace Rethink.Cli.Output;

/// <summary>Left-aligned plain-text columns (two spaces apart); the first row is the header. No colours, no box drawing.</summary>
internal static class TextTable
{
    public static void Write(TextWriter writer, IReadOnlyList<string[]> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var columns = rows.Max(r => r.Length);
        var widths = new int[columns];
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        foreach (var row in rows)
        {
            var cells = Enumerable.Range(0, row.Length).Select(c => c == row.Length - 1 ? row[c] : row[c].PadRight(widths[c]));
            writer.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }
}
