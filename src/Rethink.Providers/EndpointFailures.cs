using System.ClientModel;
using System.Net;
using System.Net.Sockets;

namespace Rethink.Providers;

/// <summary>
/// Recognises a failure of the model endpoint by its shape (HTTP status, socket error, the retry layer's own
/// exceptions) anywhere in an exception's inner chain, because runners and strategies wrap them, and says in one line
/// what happened. Every such failure is one the user fixes at the endpoint: unreachable, refused credentials, 404, a
/// server error (HTTP 5xx) that outlasted the retries, a response lost after the request was sent, a timeout.
/// </summary>
public static class EndpointFailures
{
    /// <summary>The one-line account of the first endpoint failure in <paramref name="exception"/>'s chain, or null when it holds none.</summary>
    public static string? Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Chain(exception).Select(e => DescribeOne(e)).FirstOrDefault(m => m is not null);
    }

    /// <summary>
    /// The account of <paramref name="exception"/> itself when it is an endpoint failure, else null (its inner
    /// exceptions are not looked at, except for a lost response that the retry layer wrapped).
    /// </summary>
    public static string? DescribeOne(Exception exception) => exception switch
    {
        MissingCredentialsException missing => missing.Message,
        ClientResultException { Status: 401 or 403 } http =>
            $"the model endpoint refused the credentials (HTTP {http.Status}); check {ApiKeys.PrimaryVariable}",
        ClientResultException { Status: 404 } http =>
            $"the model endpoint answered HTTP {http.Status}: check the base URL (it usually ends in /v1) and the model name",
        ClientResultException { Status: >= 500 and < 600 } http => ServerError(http.Status),
        HttpRequestException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } http =>
            $"the model endpoint refused the credentials (HTTP {(int)http.StatusCode!})",
        HttpRequestException { StatusCode: { } status } when (int)status is >= 500 and < 600 => ServerError((int)status),

        // The retry layer's own account of a response lost after the request went out, wherever it was wrapped: that
        // is not "cannot reach", the request got there.
        TransientResponseException transient => transient.Message,
        _ when Chain(exception).OfType<TransientResponseException>().FirstOrDefault() is { } transient => transient.Message,
        SocketException socket => $"cannot reach the model endpoint: {socket.Message}",
        HttpRequestException { StatusCode: null } http => $"cannot reach the model endpoint: {Innermost(http).Message}",
        ClientResultException { Status: 0 } http => $"cannot reach the model endpoint: {Innermost(http).Message}",

        // Raised by the retry layer's per-attempt timeout; its message names the variable to raise it.
        AttemptTimeoutException timeout => timeout.Message,
        _ => null,
    };

    /// <summary>The exception and its inner exceptions, aggregates flattened, outermost first.</summary>
    public static IEnumerable<Exception> Chain(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Count > 0)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }

                yield break;
            }

            yield return e;
        }
    }

    // A retriable status got here only once every retry had failed; the others were not retried.
    private static string ServerError(int status) =>
        RetryingHttpHandler.IsRetriableStatus((HttpStatusCode)status)
            ? $"the model endpoint answered HTTP {status} (a server error) on every attempt (see --retries)"
            : $"the model endpoint answered HTTP {status} (a server error; not retried)";

    private static Exception Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
