namespace Rethink.Providers;

/// <summary>
/// A failure after the request went out that a retry of the same request can fix, as
/// <see cref="TransientFaults.Classify"/> names it. Connect failures and retriable HTTP statuses are not listed here:
/// the retry layer recognises those by their own shape.
/// </summary>
internal enum TransientFault
{
    /// <summary>The connection was reset (RST) after the request was sent and before any response header arrived.</summary>
    ResetAfterSending,

    /// <summary>The connection was closed (FIN) after the request was sent and before any response header arrived.</summary>
    ClosedAfterSending,

    /// <summary>The connection was reset while a response body that is not streamed was being read.</summary>
    BodyReset,

    /// <summary>A response body that is not streamed ended before its declared end (the connection closed mid-body).</summary>
    BodyEnded,

    /// <summary>A response body that is not streamed sent nothing for <see cref="ModelClientSettings.BodyIdleTimeout"/>.</summary>
    BodyStalled,
}
