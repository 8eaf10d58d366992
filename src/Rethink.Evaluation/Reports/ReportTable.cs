using System.Text;

namespace Rethink.Evaluation.Reports;

/// <summary>A table of preformatted cells that renders as fixed-width text or as a Markdown table.</summary>
internal sealed class ReportTable
{
    private readonly IReadOnlyList<TableColumn> _columns;
    private readonly List<string[]> _rows = [];

    public ReportTable(params TableColumn[] columns)
    {
        _columns = columns;
    }

    public int RowCount => _rows.Count;

    public void Add(params string[] cells)
    {
        if (cells.Length != _columns.Count)
        {
            throw new ArgumentException($"Expected {_columns.Count} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    public void WriteText(StringBuilder sb)
    {
        var widths = _columns.Select((c, i) => Math.Max(c.Header.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        WriteTextRow(sb, _columns.Select(c => c.Header).ToArray(), widths);
        sb.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        foreach (var row in _rows)
        {
            WriteTextRow(sb, row, widths);
        }
    }

    public void WriteMarkdown(StringBuilder sb)
    {
        sb.Append("| ").Append(string.Join(" | ", _columns.Select(c => Escape(c.Header)))).Append(" |\n");
        sb.Append('|').Append(string.Join("|", _columns.Select(c => c.RightAligned ? "---:" : "---"))).Append("|\n");
        foreach (var row in _rows)
        {
            sb.Append("| ").Append(string.Join(" | ", row.Select(Escape))).Append(" |\n");
        }
    }

    private void WriteTextRow(StringBuilder sb, string[] cells, int[] widths)
    {
        var parts = cells.Select((cell, i) => _columns[i].RightAligned ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
        sb.Append(string.Join("  ", parts).TrimEnd()).Append('\n');
    }

    // A pipe inside a cell would end it early in Markdown.
    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);
}
