using System.Diagnostics;
using OpenTelemetry;

namespace Rethink.Cli.Telemetry;

/// <summary>
/// Runs before the exporters and rewrites every string attribute of an ended span through the secret scrubber, so a
/// key that reached an attribute (an error message echoing a header, say) never leaves the process. Stateless.
/// </summary>
internal sealed class ScrubbingActivityProcessor : BaseProcessor<Activity>
{
    private readonly Func<string, string> _scrub;

    public ScrubbingActivityProcessor(Func<string, string> scrub) => _scrub = scrub;

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var (key, value) in data.TagObjects.ToList())
        {
            if (value is string text && _scrub(text) is var clean && !string.Equals(clean, text, StringComparison.Ordinal))
            {
                data.SetTag(key, clean);
            }
        }

        if (data.StatusDescription is { } description && _scrub(description) is var cleanDescription
            && !string.Equals(cleanDescription, description, StringComparison.Ordinal))
        {
            data.SetStatus(data.Status, cleanDescription);
        }
    }
}
