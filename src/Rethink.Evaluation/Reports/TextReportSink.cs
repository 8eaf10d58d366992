using System.Text;

namespace Rethink.Evaluation.Reports;

/// <summary>Plain fixed-width text: underlined titles, blank lines between blocks, no colour codes.</summary>
internal sealed class TextReportSink : IReportSink
{
    private readonly StringBuilder _sb = new();
    private bool _inFacts;
    private bool _underHeading;

    public void Title(string text)
    {
        Separate();
        _sb.Append(text).Append('\n').Append(new string('=', text.Length)).Append('\n');
    }

    public void Heading(string text)
    {
        Separate();
        _sb.Append(text).Append('\n').Append(new string('-', text.Length)).Append('\n');
        _underHeading = true;
    }

    public void Fact(string name, string value)
    {
        if (!_inFacts)
        {
            Separate();
        }

        _sb.Append(name).Append(": ").Append(value).Append('\n');
        _inFacts = true;
    }

    public void Note(string text)
    {
        _sb.Append(text).Append('\n');
        _inFacts = false;
        _underHeading = false;
    }

    public void Table(ReportTable table)
    {
        Separate();
        table.WriteText(_sb);
    }

    public override string ToString() => _sb.ToString();

    private void Separate()
    {
        // A heading's underline already sets it apart from the block it introduces.
        if (_sb.Length > 0 && !_underHeading)
        {
            _sb.Append('\n');
        }

        _inFacts = false;
        _underHeading = false;
    }
}
