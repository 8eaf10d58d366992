using System.Globalization;

namespace Rethink.Server.Security;

/// <summary>
/// A web origin as a browser sends it in the <c>Origin</c> header: <c>scheme://host[:port]</c>, scheme http or https,
/// nothing after the authority. <see cref="Host"/> always carries the port (the scheme's default when none is written),
/// and <see cref="Canonical"/> is the form two origins are compared in. <c>null</c> (sandboxed frames, files) is no origin.
/// </summary>
internal sealed record OriginName(string Scheme, HostAuthority Host)
{
    public string Canonical => Scheme + "://" + (Host.Address is { } a ? Bracketed(a) : Host.Name) + ":" + Host.Port!.Value.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out OriginName origin)
    {
        origin = null!;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return false;
        }

        var scheme = text[..separator].ToLowerInvariant();
        var defaultPort = scheme switch
        {
            "http" => 80,
            "https" => 443,
            _ => 0,
        };

        // userinfo, a path, a query or a fragment make it a URL, not an origin.
        var authority = text[(separator + 3)..];
        if (defaultPort == 0 || authority.IndexOfAny(['/', '?', '#', '@']) >= 0 || !HostAuthority.TryParse(authority, out var host))
        {
            return false;
        }

        origin = new OriginName(scheme, host with { Port = host.Port ?? defaultPort });
        return true;
    }

    private static string Bracketed(System.Net.IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();
}
