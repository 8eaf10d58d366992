namespace Rethink.Engine.Training;

/// <summary>
/// One training document: token ids and, optionally, which tokens are prediction targets. Token i (i &gt;= 1) is
/// predicted from tokens 0..i-1 and counts in the loss when <see cref="Trained"/> is null or Trained[i] is true
/// (Trained[0] is ignored: nothing predicts the first token). Use the mask to train only assistant tokens.
/// </summary>
/// <param name="Tokens">Token ids [n], n &gt;= 2 to contribute anything.</param>
/// <param name="Trained">Per-token target mask [n], or null to train every token.</param>
public sealed record TrainingSequence(int[] Tokens, bool[]? Trained = null);
