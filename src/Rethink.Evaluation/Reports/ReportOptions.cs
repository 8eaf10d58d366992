using Rethink.Core.Metrics;

namespace Rethink.Evaluation.Reports;

/// <summary>Settings of the statistics in a report; recorded in the report so its intervals can be reproduced.</summary>
public sealed record ReportOptions
{
    /// <summary>Bootstrap resamples (B) per interval.</summary>
    public int BootstrapResamples { get; init; } = PairedBootstrap.DefaultResamples;

    /// <summary>Seed of every bootstrap in the report; the same trajectories and seed give the same intervals.</summary>
    public int BootstrapSeed { get; init; }

    /// <summary>Coverage of the bootstrap intervals.</summary>
    public double Confidence { get; init; } = PairedBootstrap.DefaultConfidence;

    /// <summary>
    /// The k values of pass@k to report (code runs, many samples per problem); empty (the default) reports none.
    /// Each k is reported for a strategy only when every problem has at least k samples; otherwise its value is null.
    /// </summary>
    public IReadOnlyList<int> PassAtK { get; init; } = [];
}
