using System.Globalization;

namespace Rethink.Server.Hosting;

/// <summary>
/// One line per request or failure, written to <see cref="ServerOptions.Log"/> after every secret is replaced by
/// <c>***</c>. Never receives request bodies or headers; exception text from upstream is redacted before it gets here
/// too. Thread-safe.
/// </summary>
internal sealed class ServerLog
{
    private readonly TextWriter? _writer;
    private readonly string[] _secrets;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    public ServerLog(TextWriter? writer, IEnumerable<string?> secrets, TimeProvider time)
    {
        _writer = writer;
        _secrets = secrets.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();
        _time = time;
    }

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text;
    }

    public void Write(string message)
    {
        if (_writer is null)
        {
            return;
        }

        var line = _time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) + " " + Redact(message).ReplaceLineEndings(" ");
        lock (_gate)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }
}
