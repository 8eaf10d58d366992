using System.Globalization;
using Rethink.Core;

namespace Rethink.Verifiers;

/// <summary>
/// Checks that an attempt's final number equals the gold answer (<see cref="Reference.Answer"/>).
/// <para>
/// The answer is extracted from <see cref="Attempt.Text"/> by <see cref="NumericAnswerExtractor"/> (the attempt's own
/// <see cref="Attempt.Answer"/> is only used when the text yields nothing, so scoring never depends on the extractor a
/// strategy happened to use). Numbers compare as exact rationals: "1,000" = "1000" = "1e3", "0.5" = "1/2" =
/// "\frac{1}{2}", "$5.00" = "5". When they differ, and exactly one of them is a repeating fraction (a denominator
/// with a prime factor other than 2 and 5, such as 1/3 or 2/7) while the other is a finite decimal, they still pass
/// if |a - b| &lt;= <see cref="RelativeTolerance"/> x max(|a|, |b|): that accepts a rounded repeating decimal
/// ("0.3333333" for 1/3 at the default 1e-6) but not a coarse one ("0.33"). Integers and finite decimals on both
/// sides must agree exactly ("1000001" is not "1000000").
/// </para>
/// <para>
/// Percentages: a percent sign is first read as a unit, so "25%" equals gold "25" (the GSM8K convention of writing
/// percentage answers without the sign); failing that, the sign is applied on the one side that has it, so "25%" also
/// equals gold "0.25" (reason <see cref="NumericReasons.EqualPercent"/>). A bare "25" never equals gold "0.25".
/// </para>
/// Reason ids are listed in <see cref="NumericReasons"/>. Stateless and thread-safe.
/// </summary>
public sealed class NumericVerifier : IVerifier
{
    /// <summary>The default relative tolerance (1e-6).</summary>
    public const double DefaultRelativeTolerance = 1e-6;

    /// <summary>Creates a verifier with the given relative tolerance (0 for exact comparison only).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the tolerance is negative, NaN or not below 1.</exception>
    public NumericVerifier(double relativeTolerance = DefaultRelativeTolerance)
    {
        if (double.IsNaN(relativeTolerance) || relativeTolerance < 0 || relativeTolerance >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, "The relative tolerance must be in [0, 1).");
        }

        RelativeTolerance = relativeTolerance;
    }

    /// <summary>Shared instance with the default tolerance.</summary>
    public static NumericVerifier Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "numeric";

    /// <summary>Largest accepted |a - b| / max(|a|, |b|) when one side is a repeating fraction and the other a finite decimal.</summary>
    public double RelativeTolerance { get; }

    /// <inheritdoc />
    public Task<Verdict> VerifyAsync(Problem problem, Attempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(attempt);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Verify(problem.Reference.Answer, attempt));
    }

    /// <summary>The verdict on <paramref name="attempt"/> against the gold answer <paramref name="gold"/> (synchronous form).</summary>
    public Verdict Verify(string? gold, Attempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (string.IsNullOrWhiteSpace(gold))
        {
            return Verdict.Unsure(NumericReasons.NoReference, "The problem has no gold answer to compare with.");
        }

        var extraction = AttemptAnswer.Find(attempt, NumericAnswerExtractor.Instance.Analyze);

        if (extraction.Answer is not { } answer)
        {
            return Verdict.Incorrect(NumericReasons.NoAnswer, $"No number found in the response; gold is \"{gold}\".");
        }

        var found = $"answer \"{answer}\" (found by {extraction.Method})";
        var goldIsNumber = NumericParser.TryParse(gold, out var g);
        var answerIsNumber = NumericParser.TryParse(answer, out var a);
        if (!goldIsNumber || !answerIsNumber)
        {
            var answerText = LatexText.NormalizeText(answer);
            var goldText = LatexText.NormalizeText(gold);
            if (string.Equals(answerText, goldText, StringComparison.Ordinal))
            {
                return Verdict.Correct(NumericReasons.TextEqual, $"Neither {found} nor gold \"{gold}\" is a plain number; their normalised texts \"{goldText}\" are identical.");
            }

            return goldIsNumber
                ? Verdict.Incorrect(NumericReasons.UnparseableAnswer, $"The {found} is not a number; gold is {Describe(gold, g)}.")
                : Verdict.Unsure(NumericReasons.UnparseableReference, $"Gold \"{gold}\" is not a number and its normalised text \"{goldText}\" differs from the {found} (\"{answerText}\"); cannot decide.");
        }

        var comparison = $"{Capitalise(found)} = {Describe(answer, a)} vs gold {Describe(gold, g)}";
        if (a.Value == g.Value)
        {
            var note = a.IsPercent != g.IsPercent ? " (percent sign read as a unit)" : string.Empty;
            return Verdict.Correct(NumericReasons.Equal, $"{comparison}: equal{note}.");
        }

        if (a.IsPercent != g.IsPercent)
        {
            var scaledAnswer = a.IsPercent ? NumericParser.FromPercent(a.Value) : a.Value;
            var scaledGold = g.IsPercent ? NumericParser.FromPercent(g.Value) : g.Value;
            if (scaledAnswer == scaledGold)
            {
                return Verdict.Correct(NumericReasons.EqualPercent, $"{comparison}: equal once the percent sign is applied ({scaledAnswer} = {scaledGold}).");
            }
        }

        if (WithinTolerance(a.Value, g.Value, out var relative))
        {
            return Verdict.Correct(
                NumericReasons.EqualWithinTolerance,
                string.Create(CultureInfo.InvariantCulture, $"{comparison}: relative difference {relative:G3} is within the tolerance {RelativeTolerance:G3}."));
        }

        return Verdict.Incorrect(NumericReasons.NotEqual, $"{comparison}: not equal.");
    }

    private bool WithinTolerance(Rational answer, Rational gold, out double relative)
    {
        relative = double.PositiveInfinity;

        // Two integers or finite decimals are written exactly, so they must agree exactly (1000001 is not 1000000);
        // only a decimal standing for a repeating fraction (0.3333333 for 1/3) can need slack.
        if (answer.IsTerminating == gold.IsTerminating)
        {
            return false;
        }

        var scale = Rational.Max(Rational.Abs(answer), Rational.Abs(gold));
        if (scale.IsZero || RelativeTolerance == 0)
        {
            return false;
        }

        var ratio = Rational.Abs(answer - gold) / scale;
        relative = ratio.ToDouble();
        return relative <= RelativeTolerance;
    }

    private static string Describe(string text, NumericValue value) =>
        string.Equals(text.Trim(), value.Value.ToString(), StringComparison.Ordinal) && !value.IsPercent
            ? $"\"{text.Trim()}\""
            : $"\"{text.Trim()}\" (value {value.Value}{(value.IsPercent ? "%" : string.Empty)})";

    private static string Capitalise(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
