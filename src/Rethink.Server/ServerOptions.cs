using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Rethink.Server;

/// <summary>
/// Where <see cref="RethinkServer"/> listens and the limits it enforces. Every limit is checked before any model call:
/// parameter caps answer 400 naming the parameter, a body over <see cref="MaxRequestBodyBytes"/> answers 413, and
/// requests beyond <see cref="MaxConcurrentRequests"/> + <see cref="MaxQueuedRequests"/> answer 429 with Retry-After.
/// Immutable; validated by <see cref="RethinkServer.StartAsync"/>.
/// </summary>
public sealed record ServerOptions
{
    /// <summary>
    /// The address to bind: an IP address or <c>localhost</c>. Anything but loopback requires <see cref="ApiKey"/>. An
    /// IPv4-mapped IPv6 address (<c>::ffff:127.0.0.1</c>) is bound as the IPv4 address it maps.
    /// </summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port; 0 picks a free one (read it back from <see cref="RethinkServer.BaseUrl"/>).</summary>
    public int Port { get; init; }

    /// <summary>The shortest <see cref="ApiKey"/> accepted: a shorter key is guessable, and refused at start.</summary>
    public const int MinApiKeyLength = 16;

    /// <summary>
    /// The key clients must send as <c>Authorization: Bearer KEY</c> on <c>/v1/*</c>; null: no key (loopback only). At
    /// least <see cref="MinApiKeyLength"/> characters.
    /// It is compared in constant time and never logged or echoed.
    /// </summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// Host header values admitted besides the defaults (the address and port a request arrived on; <c>localhost</c>,
    /// <c>127.0.0.1</c> and <c>[::1]</c> with the port on loopback): <c>name</c>, <c>name:port</c>, <c>ip</c>,
    /// <c>ip:port</c>, <c>[v6]:port</c>. Any other Host is answered 421. See <see cref="Security.LoopbackGuardOptions.AllowedHosts"/>.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>
    /// Web origins (<c>http://localhost:5173</c>) that may call the server from a browser, with CORS headers and
    /// answered preflights; empty (the default): no CORS headers at all, and a request from another origin is 403. See
    /// <see cref="Security.LoopbackGuardOptions.AllowedOrigins"/>.
    /// </summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Largest accepted request body, in bytes (413 above it).</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Most messages in one request (400, param <c>messages</c>).</summary>
    public int MaxMessages { get; init; } = 256;

    /// <summary>Most characters in one message's content (400, param <c>messages[i].content</c>).</summary>
    public int MaxMessageChars { get; init; } = 100_000;

    /// <summary>Largest <c>max_tokens</c> / <c>max_completion_tokens</c> a request may ask for (400 above it).</summary>
    public int MaxOutputTokens { get; init; } = 4096;

    /// <summary>Largest <c>n</c> (choices per request; each choice is a full pipeline run).</summary>
    public int MaxChoices { get; init; } = 4;

    /// <summary>Chat requests that run at once; the rest wait in the queue.</summary>
    public int MaxConcurrentRequests { get; init; } = 4;

    /// <summary>Chat requests that may wait for a slot; one more is answered 429.</summary>
    public int MaxQueuedRequests { get; init; } = 32;

    /// <summary>The Retry-After value (seconds) sent with 429.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>How long one chat request may take, queueing included; then its upstream work is cancelled (504).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a chat request's body may take to arrive once the server starts reading it; a slower client (a stalled
    /// upload, a slowloris) is answered 408 and its connection closed. Kestrel's minimum data rate (240 bytes/s after a
    /// 5 s grace period) applies as well, also answered 408.
    /// </summary>
    public TimeSpan RequestBodyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Kestrel's minimum request body data rate; null: Kestrel's default. Tests shorten it.</summary>
    internal MinDataRate? MinRequestBodyDataRate { get; init; }

    /// <summary>
    /// Where the server writes one line per request and per failure (no bodies, no headers); null: nowhere. Lines pass
    /// through the redactor, which removes <see cref="ApiKey"/> and every value in <see cref="Secrets"/>.
    /// </summary>
    public TextWriter? Log { get; init; }

    /// <summary>Other values never to be written to the log (upstream API keys).</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>The clock for <c>created</c> timestamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The loopback guard's part of these options (its <c>OnRejected</c> is the server's to set).</summary>
    internal Security.LoopbackGuardOptions GuardOptions() => new() { AllowedHosts = AllowedHosts, AllowedOrigins = AllowedOrigins };

    /// <summary>
    /// Checks the host and every limit without starting anything, so a caller can refuse a bad configuration before
    /// loading models. Throws <see cref="ServerConfigurationException"/> (one line, no secrets) for a host that is not
    /// an IP address or <c>localhost</c>, a non-loopback host without <see cref="ApiKey"/>, a key shorter than
    /// <see cref="MinApiKeyLength"/>, a limit out of range, or a malformed allowed host or origin; returns the address to
    /// bind (an IPv4-mapped address as its IPv4 address).
    /// </summary>
    public IPAddress Validate()
    {
        IPAddress address;
        if (string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(Host, out address!))
        {
            throw new ServerConfigurationException($"host '{Host}' is not an IP address or 'localhost'");
        }

        // Linux refuses to bind an IPv6 socket to ::ffff:a.b.c.d (EINVAL); the IPv4 address is what such a host means,
        // and clients that connect to the mapped form reach it.
        address = Security.HostAuthority.Normalize(address);
        if (ApiKey is not null && ApiKey.Length < MinApiKeyLength)
        {
            throw new ServerConfigurationException(
                string.Create(CultureInfo.InvariantCulture, $"the server API key is too short: use at least {MinApiKeyLength} characters (a random key, e.g. from 'openssl rand -hex 16')"));
        }

        if (!IPAddress.IsLoopback(address) && string.IsNullOrEmpty(ApiKey))
        {
            throw new ServerConfigurationException(
                $"refusing to listen on {Host} without an API key: a non-loopback address is reachable from other machines; set RETHINK_SERVER_API_KEY or use --api-key-file");
        }

        Check(Port is >= 0 and <= 65535, "port", "from 0 to 65535");
        Check(MaxRequestBodyBytes >= 1024, "max request body", "at least 1024 bytes");
        Check(MaxMessages >= 1, "max messages", "at least 1");
        Check(MaxMessageChars >= 1, "max message characters", "at least 1");
        Check(MaxOutputTokens >= 1, "max output tokens", "at least 1");
        Check(MaxChoices >= 1, "max choices", "at least 1");
        Check(MaxConcurrentRequests >= 1, "max concurrent requests", "at least 1");
        Check(MaxQueuedRequests >= 0, "max queued requests", "at least 0");
        Check(RetryAfterSeconds >= 1, "retry-after", "at least 1 second");
        Check(RequestTimeout > TimeSpan.Zero, "request timeout", "positive");
        Check(RequestBodyTimeout > TimeSpan.Zero, "request body timeout", "positive");
        try
        {
            GuardOptions().Validate();
        }
        catch (ArgumentException e)
        {
            throw new ServerConfigurationException(e.Message, e);
        }

        return address;

        static void Check(bool ok, string what, string bound)
        {
            if (!ok)
            {
                throw new ServerConfigurationException($"{what} must be {bound}");
            }
        }
    }
}
