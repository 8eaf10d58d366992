namespace Rethink.Evaluation.Reports;

/// <summary>Mean unbiased pass@k over a strategy's problems.</summary>
/// <param name="K">k.</param>
/// <param name="Value">The mean over problems, or null when some problem has fewer than k samples (the estimator needs n &gt;= k).</param>
public sealed record PassAtKValue(int K, double? Value);
