namespace Rethink.Lab.Chat;

/// <summary>One tokenized training example.</summary>
/// <param name="Tokens">Token ids of the whole conversation including the target reply. [length]</param>
/// <param name="Trained">True where the token at that position is a target to learn (predicted from the tokens before it). [length]</param>
public sealed record LabTrainingExample(int[] Tokens, bool[] Trained);
