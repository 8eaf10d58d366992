namespace Rethink.Evaluation.Reports;

/// <summary>One side of a paired comparison, measured over the paired trajectories only.</summary>
/// <param name="Run">The run the side comes from.</param>
/// <param name="Strategy">The strategy name.</param>
/// <param name="SawVerifier">True when its numbers are oracle-assisted.</param>
/// <param name="Accuracy">Final accuracy over the pairs; null when there are none.</param>
/// <param name="MeanTokens">Mean input plus output tokens per paired trajectory; null when there are no pairs.</param>
public sealed record ComparisonSide(string Run, string Strategy, bool SawVerifier, double? Accuracy, double? MeanTokens)
{
    /// <summary><see cref="ReportLabels.OracleAssisted"/> when <see cref="SawVerifier"/>; otherwise null.</summary>
    public string? Label => SawVerifier ? ReportLabels.OracleAssisted : null;
}
