namespace Rethink.Testing.Http;

/// <summary>What <see cref="FaultProxy"/> does to one request instead of forwarding it.</summary>
public enum FaultKind
{
    /// <summary>HTTP 429 with <c>Retry-After: 1</c>.</summary>
    TooManyRequests,

    /// <summary>HTTP 500 without <c>Retry-After</c> (the client's own backoff applies).</summary>
    InternalServerError,

    /// <summary>HTTP 503 with <c>Retry-After: 0</c>.</summary>
    ServiceUnavailable,

    /// <summary>The request is read in full, then the connection is reset (RST: linger on with a zero timeout, then close).</summary>
    Reset,

    /// <summary>A 200 with a declared length, part of a body, then silence until the client gives up.</summary>
    Stall,

    /// <summary>A 200 with a declared length, part of a body, then the connection closes (FIN): the body ends early.</summary>
    Truncate,
}
