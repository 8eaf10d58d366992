using System.Net.Sockets;

namespace Rethink.Providers;

/// <summary>
/// Which failures after the request went out are transient: a connection reset or closed before the response headers,
/// and, for a call that is not streamed, a body that is reset, ends early or stalls. The server may have acted on such
/// a request (a retried generation can be billed twice where the provider ignores <c>Idempotency-Key</c>), but nothing
/// of it reached the caller, so retrying loses nothing. Everything else (cancellation, name resolution, TLS, malformed
/// responses, the per-attempt timeout before the headers) is not transient here. Stateless and thread-safe.
/// </summary>
internal static class TransientFaults
{
    /// <summary>
    /// The transient fault <paramref name="exception"/> shows, or null when it shows none. <paramref name="inBody"/>
    /// says whether it was raised while a body that is not streamed was being read (an idle timeout there is a stall);
    /// a streamed body is never classified: its updates may already be with the caller.
    /// </summary>
    public static TransientFault? Classify(Exception exception, bool inBody)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case OperationCanceledException:
            case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError }:
                return null;
            case TransientResponseException transient:
                return transient.Fault;
            case AttemptTimeoutException:
                return inBody ? TransientFault.BodyStalled : null;
            default:
                break;
        }

        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown }:
                    return inBody ? TransientFault.BodyReset : TransientFault.ResetAfterSending;
                case HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded }:
                case HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }:
                    return inBody ? TransientFault.BodyEnded : TransientFault.ClosedAfterSending;
                default:
                    break;
            }
        }

        return null;
    }

    /// <summary>
    /// <paramref name="exception"/> as a <see cref="TransientResponseException"/> when it shows a transient fault (the
    /// retry layer retries those), otherwise null.
    /// </summary>
    public static TransientResponseException? AsTransient(Exception exception, bool inBody) =>
        exception as TransientResponseException
        ?? (Classify(exception, inBody) is { } fault ? new TransientResponseException(fault, Describe(fault, exception), exception) : null);

    /// <summary>The one line the user reads for <paramref name="fault"/>; a stall keeps the idle timeout's own message.</summary>
    public static string Describe(TransientFault fault, Exception exception) => fault switch
    {
        TransientFault.ResetAfterSending => "the model endpoint reset the connection (reset by peer) after the request was sent, before any response",
        TransientFault.ClosedAfterSending => "the model endpoint closed the connection after the request was sent, before any response",
        TransientFault.BodyReset => "the model endpoint reset the connection (reset by peer) in the middle of the response body",
        TransientFault.BodyEnded => "the model endpoint's response body ended early: the connection closed before the declared length",
        TransientFault.BodyStalled => exception.Message,
        _ => exception.Message,
    };
}
