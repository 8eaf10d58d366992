namespace Rethink.Core.Metrics;

/// <summary>A percentile bootstrap confidence interval of an accuracy difference (after minus before).</summary>
/// <param name="Estimate">The difference on the data as observed.</param>
/// <param name="Lower">Lower end of the interval.</param>
/// <param name="Upper">Upper end of the interval.</param>
/// <param name="Confidence">Coverage of the interval (0.95 for a 95% interval).</param>
/// <param name="Resamples">Number of bootstrap resamples drawn (B).</param>
/// <param name="Seed">Seed of the resampling generator; the same data, B and seed give the same interval.</param>
public sealed record BootstrapInterval(double Estimate, double Lower, double Upper, double Confidence, int Resamples, int Seed);
