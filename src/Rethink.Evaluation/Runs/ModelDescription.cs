namespace Rethink.Evaluation.Runs;

/// <summary>
/// Which model a run used: provider, model id and endpoint. Never holds a credential: the base URL is reduced to
/// scheme, host, port and path when set (see <see cref="SecretScrubber.ScrubUrl"/>), so a key passed in a query string
/// or as URL user-info is dropped before the description can be stored or fingerprinted. Immutable.
/// </summary>
public sealed record ModelDescription
{
    private readonly string? _baseUrl;

    /// <summary>Creates a description.</summary>
    /// <param name="provider">Provider kind (e.g. <c>openai</c>, <c>ollama</c>, <c>lab</c>).</param>
    /// <param name="modelId">The model id requested from the provider.</param>
    /// <param name="baseUrl">Endpoint, if not the provider's default; credentials in it are removed.</param>
    public ModelDescription(string provider, string modelId, string? baseUrl = null)
    {
        Provider = provider;
        ModelId = modelId;
        BaseUrl = baseUrl;
    }

    /// <summary>Provider kind (e.g. <c>openai</c>, <c>ollama</c>, <c>lab</c>).</summary>
    public string Provider { get; init; }

    /// <summary>The model id requested from the provider.</summary>
    public string ModelId { get; init; }

    /// <summary>The endpoint without user-info, query string or fragment; null for the provider's default.</summary>
    public string? BaseUrl
    {
        get => _baseUrl;
        init => _baseUrl = SecretScrubber.Default.ScrubUrl(value);
    }

    /// <summary>
    /// The SHA-256 of the model file (lower-case hex) for a model read from a file, such as a lab model; null for a
    /// remote model. Fingerprinted when set, so a run made with another file of the same name is not resumed.
    /// </summary>
    public string? Digest { get; init; }

    /// <summary>For reports: the spec, then the first 12 hex digits of the digest when there is one (<c>lab:sft (sha256 cfaae76cd046)</c>).</summary>
    public string Display()
    {
        var spec = BaseUrl is null ? $"{Provider}:{ModelId}" : $"{Provider}:{ModelId}@{BaseUrl}";
        return Digest is null ? spec : $"{spec} (sha256 {Digest[..Math.Min(12, Digest.Length)]})";
    }

    /// <summary>One-line identity (<c>provider:model@url</c>, then <c>#sha256:</c> and the digest when there is one).</summary>
    public string Describe()
    {
        var spec = BaseUrl is null ? $"{Provider}:{ModelId}" : $"{Provider}:{ModelId}@{BaseUrl}";
        return Digest is null ? spec : spec + "#sha256:" + Digest;
    }
}
