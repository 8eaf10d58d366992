namespace Rethink.Core.Metrics;

/// <summary>
/// One problem's self-correction probabilities in the Confidence-vs-Critique decomposition (Yang et al. 2024).
/// Each value lies in [0, 1].
/// </summary>
/// <param name="Pa">P(a1 correct): probability that the first answer is correct.</param>
/// <param name="Pb">P(aT correct | a1 correct): the model keeps a correct answer (confidence).</param>
/// <param name="Pc">P(aT correct | a1 wrong): the model repairs a wrong answer (critique).</param>
public sealed record CorrectionProbabilities(double Pa, double Pb, double Pc)
{
    /// <summary>P(aT correct) = Pa*Pb + (1-Pa)*Pc.</summary>
    public double FinalAccuracy => (Pa * Pb) + ((1.0 - Pa) * Pc);
}
