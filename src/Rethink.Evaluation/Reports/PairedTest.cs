using Rethink.Core.Metrics;

namespace Rethink.Evaluation.Reports;

/// <summary>The significance of a paired accuracy difference: exact McNemar and a seeded bootstrap interval.</summary>
/// <param name="McNemar">
/// Exact McNemar test on the discordant pairs. It treats pairs as independent; with several samples per problem that
/// is an approximation, which the problem-level bootstrap does not make.
/// </param>
/// <param name="Interval">Bootstrap interval of accuracy(after) - accuracy(before), problems resampled.</param>
public sealed record PairedTest(McNemarResult McNemar, BootstrapInterval Interval);
