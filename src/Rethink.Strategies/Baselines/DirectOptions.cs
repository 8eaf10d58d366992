namespace Rethink.Strategies;

/// <summary>Options of <see cref="DirectStrategy"/>; it has none that change behaviour (the record exists for uniformity).</summary>
public sealed record DirectOptions;
