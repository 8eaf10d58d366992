using System.Diagnostics;
using System.Globalization;
using System.Text;
using OpenTelemetry;
using Rethink.Cli.Output;

namespace Rethink.Cli.Telemetry;

/// <summary>
/// The <c>RETHINK_OTEL=console</c> span exporter: one line per span on the given writer (stderr), attributes sorted
/// by name, then events (<c>event:retry(...)</c>), terminal control characters escaped (attribute values can come from the model endpoint). Writes under the
/// writer's own synchronisation; called by one export processor at a time.
/// </summary>
internal sealed class TextSpanExporter : BaseExporter<Activity>
{
    private readonly TextWriter _writer;

    public TextSpanExporter(TextWriter writer) => _writer = writer;

    public override ExportResult Export(in Batch<Activity> batch)
    {
        foreach (var activity in batch)
        {
            var line = new StringBuilder("otel: span '").Append(activity.DisplayName).Append('\'');
            line.Append(CultureInfo.InvariantCulture, $" duration_ms={activity.Duration.TotalMilliseconds:0.0}");
            line.Append(" status=").Append(activity.Status.ToString().ToLowerInvariant());
            foreach (var (key, value) in activity.TagObjects.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                line.Append(' ').Append(key).Append('=').Append(Format(value));
            }

            foreach (var e in activity.Events)
            {
                line.Append(" event:").Append(e.Name).Append('(')
                    .AppendJoin(' ', e.Tags.Select(t => t.Key + "=" + Format(t.Value)))
                    .Append(')');
            }

            _writer.WriteLine(TerminalText.Sanitize(line.ToString().ReplaceLineEndings(" ")));
        }

        return ExportResult.Success;
    }

    /// <summary>An attribute value as text: arrays comma-joined, numbers in invariant culture.</summary>
    internal static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        System.Collections.IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(Format)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
