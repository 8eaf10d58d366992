namespace Rethink.Verifiers;

/// <summary>A parsed numeric answer: its exact value as written (percent sign not applied) and whether it carried one.</summary>
/// <param name="Value">The number as written: "25%" has value 25.</param>
/// <param name="IsPercent">True when the answer carried a percent sign (or the word "percent").</param>
internal readonly record struct NumericValue(Rational Value, bool IsPercent);
