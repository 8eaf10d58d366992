namespace Rethink.Testing.Http;

/// <summary>
/// One request as <see cref="FaultProxy"/> saw it, in arrival order.
/// </summary>
/// <param name="Number">1 for the first request the proxy read.</param>
/// <param name="CallKey">The <c>Idempotency-Key</c> the request carried, or <c>body:</c> and a hash of its body when it carried none.</param>
/// <param name="HasIdempotencyKey">Whether <paramref name="CallKey"/> came from the header.</param>
/// <param name="Attempt">How many requests with this <paramref name="CallKey"/> the proxy had read, this one included.</param>
/// <param name="Body">The request body as text.</param>
/// <param name="Fault">What the proxy did instead of forwarding, or null when it forwarded.</param>
public sealed record ProxiedRequest(int Number, string CallKey, bool HasIdempotencyKey, int Attempt, string Body, FaultKind? Fault);
