namespace Rethink.Evaluation.Reports;

/// <summary>One problem's samples and passes (final answers scored correct), for pass@k reports.</summary>
/// <param name="ProblemId">The problem (task) id.</param>
/// <param name="Samples">Samples scored (n).</param>
/// <param name="Passed">Samples whose final answer passed (c).</param>
public sealed record TaskPassCount(string ProblemId, int Samples, int Passed);
