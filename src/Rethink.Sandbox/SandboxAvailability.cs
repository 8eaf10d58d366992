namespace Rethink.Sandbox;

/// <summary>Whether the bubblewrap sandbox can run here, and if not, why.</summary>
/// <param name="IsAvailable">True when every piece is present and a probe sandbox started.</param>
/// <param name="Problem">When unavailable: one line naming the missing piece and how to add it.</param>
/// <param name="Runners">The runners whose interpreters exist (empty when unavailable).</param>
public sealed record SandboxAvailability(bool IsAvailable, string? Problem, IReadOnlyList<LanguageRunner> Runners);
