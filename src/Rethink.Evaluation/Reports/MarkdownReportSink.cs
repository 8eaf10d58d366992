using System.Text;

namespace Rethink.Evaluation.Reports;

/// <summary>GitHub-flavoured Markdown: headings, a bullet list of facts, pipe tables, notes as paragraphs.</summary>
internal sealed class MarkdownReportSink : IReportSink
{
    private readonly StringBuilder _sb = new();
    private bool _inFacts;

    public void Title(string text) => Block("# " + text + "\n");

    public void Heading(string text) => Block("## " + text + "\n");

    public void Fact(string name, string value)
    {
        if (!_inFacts)
        {
            Separate();
        }

        _sb.Append("- **").Append(name).Append("**: ").Append(value).Append('\n');
        _inFacts = true;
    }

    public void Note(string text) => Block(EscapeLineStart(text) + "\n");

    public void Table(ReportTable table)
    {
        Separate();
        table.WriteMarkdown(_sb);
    }

    public override string ToString() => _sb.ToString();

    // A leading "*" would start a list and a leading "[label]:" would define a link reference and vanish.
    private static string EscapeLineStart(string text) =>
        text.Length > 0 && text[0] is '*' or '[' or '-' or '+' or '#' ? "\\" + text : text;

    private void Block(string text)
    {
        Separate();
        _sb.Append(text);
    }

    private void Separate()
    {
        if (_sb.Length > 0)
        {
            _sb.Append('\n');
        }

        _inFacts = false;
    }
}
