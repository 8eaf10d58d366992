namespace Rethink.Core.Execution;

/// <summary>
/// A judged run: an untrusted <see cref="Solution"/> and a trusted <see cref="Judge"/> that decides whether it is
/// right. They run as two separate, freshly started processes that share nothing but one relayed channel: every line
/// the judge writes to its standard output arrives on the solution's standard input, and every line the solution
/// writes to its standard output arrives on the judge's standard input. The judge's exit status is the verdict (see
/// <see cref="JudgedRunResult"/>).
/// </summary>
/// <param name="Language">A <see cref="CodeLanguages"/> value; both programs are written in it.</param>
/// <param name="Solution">The program under judgement. It never receives the judge's files or anything the judge holds.</param>
/// <param name="Judge">The program that owns the tests and ends with the verdict.</param>
public sealed record JudgedRunRequest(string Language, JudgedProgram Solution, JudgedProgram Judge)
{
    /// <summary>The default cap of one relayed line, in bytes.</summary>
    public const int DefaultMaxMessageBytes = 1024 * 1024;

    /// <summary>Wall-clock limit of the whole run (both programs); null uses the executor's default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// The longest line either side may send, newline excluded. A longer line ends the relay in that direction (the
    /// receiver sees its input end) and is reported in <see cref="JudgedRunResult.RelayFault"/>.
    /// </summary>
    public int MaxMessageBytes { get; init; } = DefaultMaxMessageBytes;
}
