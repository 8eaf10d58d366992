using System.Globalization;

namespace Rethink.Server.Tests.Infrastructure;

/// <summary>What <see cref="SlowBodyClient"/> received, how long until the server closed, and how much body it had sent.</summary>
public sealed record SlowBodyResponse(string Text, TimeSpan Elapsed, int BytesSent, int BodyLength)
{
    public int Status => int.Parse(Text.Split(' ', 3)[1], CultureInfo.InvariantCulture);

    public string Body => Text[(Text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];

    public string Headers => Text[..Text.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
}
