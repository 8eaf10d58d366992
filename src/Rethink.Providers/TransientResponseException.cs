namespace Rethink.Providers;

/// <summary>
/// One attempt lost its response after the request went out (<see cref="Fault"/> says how). Raised by
/// <see cref="RetryingHttpHandler"/>, which retries it; when the retries are spent it reaches the caller with a message
/// that says what happened (the CLI reports it as an endpoint failure, exit code 3). An
/// <see cref="HttpRequestException"/> so that the SDKs treat it like any other transport failure.
/// </summary>
internal sealed class TransientResponseException : HttpRequestException
{
    /// <summary>Creates the exception with the one-line message the user reads.</summary>
    public TransientResponseException(TransientFault fault, string message, Exception? innerException)
        : base(fault is TransientFault.ClosedAfterSending or TransientFault.BodyEnded ? HttpRequestError.ResponseEnded : HttpRequestError.Unknown, message, innerException)
    {
        Fault = fault;
    }

    /// <summary>How the response was lost.</summary>
    public TransientFault Fault { get; }
}
