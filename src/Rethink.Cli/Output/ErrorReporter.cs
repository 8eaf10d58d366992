using System.ClientModel;
using System.Net.Sockets;

namespace Rethink.Cli.Output;

/// <summary>
/// Turns an exception into the exit code and the one line the user reads. Provider failures are recognised by their
/// shape (HTTP status, socket errors) anywhere in the inner-exception chain, because runners and strategies wrap them.
/// Every failure of the model endpoint is exit code 3: unreachable, refused credentials, 404, a server error (HTTP 5xx)
/// that outlasted the retries, a response lost after the request was sent, and timeouts.
/// </summary>
internal static class ErrorReporter
{
    public static (int ExitCode, string Message) Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        foreach (var e in Chain(exception))
        {
            switch (e)
            {
                case CliException cli:
                    return (cli.ExitCode, cli.Message);
                case ClientResultException { Status: 401 or 403 } http:
                    return (ExitCodes.Endpoint,
                        $"the model endpoint refused the credentials (HTTP {http.Status}); check {Models.ApiKeys.PrimaryVariable}");
                case ClientResultException { Status: 404 } http:
                    return (ExitCodes.Endpoint,
                        $"the model endpoint answered HTTP {http.Status}: check the base URL (it usually ends in /v1) and the model name");
                case ClientResultException { Status: >= 500 and < 600 } http:
                    return (ExitCodes.Endpoint, ServerError(http.Status));
                case HttpRequestException { StatusCode: System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden } http:
                    return (ExitCodes.Endpoint, $"the model endpoint refused the credentials (HTTP {(int)http.StatusCode!})");
                case HttpRequestException { StatusCode: { } status } when (int)status is >= 500 and < 600:
                    return (ExitCodes.Endpoint, ServerError((int)status));

                // The retry layer's own account of a response lost after the request went out, wherever it was wrapped:
                // that is not "cannot reach", the request got there.
                case Models.TransientResponseException transient:
                    return (ExitCodes.Endpoint, transient.Message);
                case Exception when Chain(e).OfType<Models.TransientResponseException>().FirstOrDefault() is { } transient:
                    return (ExitCodes.Endpoint, transient.Message);
                case SocketException socket:
                    return (ExitCodes.Endpoint, $"cannot reach the model endpoint: {socket.Message}");
                case HttpRequestException { StatusCode: null } http:
                    return (ExitCodes.Endpoint, $"cannot reach the model endpoint: {Innermost(http).Message}");
                case ClientResultException { Status: 0 } http:
                    return (ExitCodes.Endpoint, $"cannot reach the model endpoint: {Innermost(http).Message}");
                case Models.AttemptTimeoutException timeout:
                    // Raised by the provider layer's per-attempt timeout; its message names the variable to raise it.
                    return (ExitCodes.Endpoint, timeout.Message);
                default:
                    break;
            }
        }

        return (ExitCodes.Unexpected, $"unexpected error: {exception.GetType().Name}: {exception.Message}");
    }

    // A retriable status got here only once every retry had failed; the others were not retried.
    private static string ServerError(int status) =>
        Models.RetryingHttpHandler.IsRetriableStatus((System.Net.HttpStatusCode)status)
            ? $"the model endpoint answered HTTP {status} (a server error) on every attempt (see --retries)"
            : $"the model endpoint answered HTTP {status} (a server error; not retried)";

    private static IEnumerable<Exception> Chain(Exception exception)
    {
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
