namespace Rethink.Evaluation.Reports;

/// <summary>Where the shared report layout is written: fixed-width text or Markdown.</summary>
internal interface IReportSink
{
    void Title(string text);

    void Heading(string text);

    void Fact(string name, string value);

    void Note(string text);

    void Table(ReportTable table);
}
