namespace Rethink.Lab.Chat;

/// <summary>One alternative token at a generated position.</summary>
/// <param name="Text">The token's text.</param>
/// <param name="LogProb">Its natural-log probability.</param>
public sealed record LabTokenAlternative(string Text, double LogProb);
