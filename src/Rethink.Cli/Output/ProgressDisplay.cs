using System.Globalization;
using Rethink.Evaluation.Runs;

namespace Rethink.Cli.Output;

/// <summary>
/// Shows a run's progress on stderr: on a terminal one line redrawn in place (done/total, percent, ETA, tokens/s,
/// failures); elsewhere (CI logs, files) a plain line every <see cref="CliHost.ProgressInterval"/> and one at the end,
/// so logs stay readable. Called synchronously from the runner's workers; thread-safe.
/// </summary>
internal sealed class ProgressDisplay : IProgress<RunProgress>
{
    private static readonly TimeSpan TerminalRedraw = TimeSpan.FromMilliseconds(100);
    private readonly Lock _gate = new();
    private readonly TextWriter _writer;
    private readonly bool _terminal;
    private readonly TimeSpan _interval;
    private RunProgress? _last;
    private RunProgress? _lastWritten;
    private long _lastWrite = long.MinValue;
    private bool _lineOpen;

    public ProgressDisplay(CliHost host)
    {
        _writer = host.Error;
        _terminal = host.ErrorIsTerminal;
        _interval = _terminal ? TerminalRedraw : host.ProgressInterval;
    }

    public void Report(RunProgress value)
    {
        lock (_gate)
        {
            _last = value;
            var now = Environment.TickCount64;
            var due = _lastWrite == long.MinValue || now - _lastWrite >= _interval.TotalMilliseconds || value.Done >= value.Total;
            if (due)
            {
                Write(value);
                _lastWrite = now;
            }
        }
    }

    /// <summary>Writes the last state (if not already shown) and ends the progress line.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            // The final state is always shown, even when it arrived between two plain lines.
            if (_last is { } last && !ReferenceEquals(last, _lastWritten))
            {
                Write(last);
            }

            if (_lineOpen)
            {
                _writer.WriteLine();
                _lineOpen = false;
            }
        }
    }

    public static string Format(RunProgress p)
    {
        var percent = p.Total == 0 ? 100 : 100.0 * p.Done / p.Total;
        var eta = p.Eta is { } e ? FormatDuration(e) : "--";
        var failed = p.Failed > 0 ? string.Create(CultureInfo.InvariantCulture, $", {p.Failed} failed") : string.Empty;
        var cost = p.Cost is { } c ? string.Create(CultureInfo.InvariantCulture, $", cost {c:0.####}") : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{p.Done}/{p.Total} ({percent:0}%), elapsed {FormatDuration(p.Elapsed)}, ETA {eta}, {p.TokensPerSecond:0} tok/s, {p.Tokens.TotalTokens} tokens{cost}{failed}");
    }

    private void Write(RunProgress value)
    {
        _lastWritten = value;
        var line = "rethink: " + Format(value);
        if (_terminal)
        {
            // Redraw in place; pad so a shorter line fully covers a longer previous one.
            _writer.Write("\r" + line.PadRight(Math.Min(120, line.Length + 8)));
            _lineOpen = true;
        }
        else
        {
            _writer.WriteLine(line);
        }

        _writer.Flush();
    }

    private static string FormatDuration(TimeSpan t) =>
        t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h{t.Minutes:00}m")
            : t.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}m{t.Seconds:00}s")
                : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0}s");
}
