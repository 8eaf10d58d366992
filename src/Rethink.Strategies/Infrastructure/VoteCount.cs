namespace Rethink.Strategies;

/// <summary>Votes for one canonical answer: how many, and the index of the first attempt that gave it.</summary>
internal sealed record VoteCount(string Key, int Count, int FirstIndex);
