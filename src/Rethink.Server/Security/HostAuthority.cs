using System.Globalization;
using System.Net;

namespace Rethink.Server.Security;

/// <summary>
/// A host with an optional port, as written in a Host header, an Origin or an allow-list entry: <c>name</c>,
/// <c>name:port</c>, an IPv4 literal with an optional port, <c>[v6]</c>, <c>[v6]:port</c> or a bare IPv6 literal. IP
/// literals are kept as addresses (an IPv4-mapped IPv6 address as the IPv4 address it maps), so <c>[::ffff:127.0.0.1]</c>
/// and <c>127.0.0.1</c> are the same host; names are lower-cased. Immutable.
/// </summary>
internal sealed record HostAuthority(string? Name, IPAddress? Address, int? Port)
{
    /// <summary>Parses <paramref name="text"/>; false for anything else (a scheme, a path, a bad port, odd characters).</summary>
    public static bool TryParse(string? text, out HostAuthority authority)
    {
        authority = null!;
        if (string.IsNullOrEmpty(text) || text.Length > 300)
        {
            return false;
        }

        string host;
        string? port = null;
        if (text[0] == '[')
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    return false;
                }

                port = rest[1..];
            }

            // Brackets hold IPv6 only; "[localhost]" is no host.
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else
        {
            var colons = text.Count(c => c == ':');
            if (colons == 1)
            {
                var cut = text.IndexOf(':', StringComparison.Ordinal);
                host = text[..cut];
                port = text[(cut + 1)..];
            }
            else
            {
                // Two or more colons: a bare IPv6 literal, which cannot carry a port.
                host = text;
            }
        }

        int? number = null;
        if (port is not null)
        {
            if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit))
            {
                return false;
            }

            number = int.Parse(port, CultureInfo.InvariantCulture);
            if (number is < 1 or > 65535)
            {
                return false;
            }
        }

        if (host.Length == 0)
        {
            return false;
        }

        if (IsIPv4Literal(host) || host.Contains(':', StringComparison.Ordinal))
        {
            if (!IPAddress.TryParse(host, out var address))
            {
                return false;
            }

            authority = new HostAuthority(null, Normalize(address), number);
            return true;
        }

        if (!host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_') || host[0] == '.' || host[^1] == '.')
        {
            return false;
        }

        authority = new HostAuthority(host.ToLowerInvariant(), null, number);
        return true;
    }

    /// <summary>An IPv4-mapped IPv6 address is the IPv4 address it maps: that is the connection the kernel makes.</summary>
    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>True when both name the same host (same name, or the same address).</summary>
    public bool SameHost(HostAuthority other) =>
        Address is not null ? Address.Equals(other.Address) : Name is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    // Dotted digits only: IPAddress.TryParse also reads "1" or "0x7f.1" as IPv4, which a host name must not be taken for
    // without a dot-and-digit shape that no registered name has.
    private static bool IsIPv4Literal(string host) => host.All(c => char.IsAsciiDigit(c) || c == '.') && host.Contains('.', StringComparison.Ordinal);
}
