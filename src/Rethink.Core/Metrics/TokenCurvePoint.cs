namespace Rethink.Core.Metrics;

/// <summary>One point of an accuracy-vs-tokens curve.</summary>
/// <param name="Turn">Committed turn, from 1 (the first answer).</param>
/// <param name="Accuracy">Acc@Turn (last answer carried forward).</param>
/// <param name="MeanTokens">Mean tokens per trajectory spent to reach that answer.</param>
public sealed record TokenCurvePoint(int Turn, double Accuracy, double MeanTokens);
