namespace Rethink.Providers;

/// <summary>
/// What a model is, for run fingerprints and cache keys: its spec and, for a model read from a file (a lab model), the
/// SHA-256 of the file's bytes. A lab model retrained into the same path gets another digest, so a resume of a run made
/// with the old file is refused and its cached replies are not served. Remote models have no digest: their identity is
/// their spec. Immutable.
/// </summary>
/// <param name="Spec">The model spec's canonical text (<see cref="ModelSpec.ToString"/>).</param>
/// <param name="Digest">The file's SHA-256, lower-case hex, or null for a model that is not a file.</param>
public sealed record ModelIdentity(string Spec, string? Digest)
{
    /// <summary>The identity as one string: the spec, then <c>#sha256:</c> and the digest when there is one.</summary>
    public override string ToString() => Digest is null ? Spec : Spec + "#sha256:" + Digest;
}
