namespace Rethink.Engine.Inference;

/// <summary>A candidate token and its probability after temperature, top-k and top-p (renormalised).</summary>
/// <param name="Id">Token id.</param>
/// <param name="Probability">Probability in the renormalised candidate set.</param>
public sealed record TokenProbability(int Id, double Probability);
