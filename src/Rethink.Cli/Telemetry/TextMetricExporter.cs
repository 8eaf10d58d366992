using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Rethink.Cli.Output;

namespace Rethink.Cli.Telemetry;

/// <summary>
/// The <c>RETHINK_OTEL=console</c> metric exporter: one line per metric and attribute set (histograms as count, sum,
/// min and max; sums and gauges as their value) on the given writer (stderr). Invariant culture throughout.
/// </summary>
internal sealed class TextMetricExporter : BaseExporter<Metric>
{
    private readonly TextWriter _writer;

    public TextMetricExporter(TextWriter writer) => _writer = writer;

    public override ExportResult Export(in Batch<Metric> batch)
    {
        foreach (var metric in batch)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var line = new StringBuilder("otel: metric ").Append(metric.Name);
                if (!string.IsNullOrEmpty(metric.Unit))
                {
                    line.Append(" unit=").Append(metric.Unit);
                }

                foreach (var tag in point.Tags)
                {
                    line.Append(' ').Append(tag.Key).Append('=').Append(TextSpanExporter.Format(tag.Value));
                }

                line.Append(' ').Append(Value(metric.MetricType, point));
                _writer.WriteLine(TerminalText.Sanitize(line.ToString().ReplaceLineEndings(" ")));
            }
        }

        return ExportResult.Success;
    }

    private static string Value(MetricType type, in MetricPoint point)
    {
        var invariant = CultureInfo.InvariantCulture;
        switch (type)
        {
            case MetricType.Histogram:
                var minMax = point.TryGetHistogramMinMaxValues(out var min, out var max)
                    ? string.Create(invariant, $" min={min:0.####} max={max:0.####}")
                    : string.Empty;
                return string.Create(invariant, $"count={point.GetHistogramCount()} sum={point.GetHistogramSum():0.####}{minMax}");
            case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                return string.Create(invariant, $"sum={point.GetSumLong()}");
            case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                return string.Create(invariant, $"sum={point.GetSumDouble():0.####}");
            case MetricType.LongGauge:
                return string.Create(invariant, $"value={point.GetGaugeLastValueLong()}");
            case MetricType.DoubleGauge:
                return string.Create(invariant, $"value={point.GetGaugeLastValueDouble():0.####}");
            default:
                return "type=" + type.ToString().ToLowerInvariant();
        }
    }
}
