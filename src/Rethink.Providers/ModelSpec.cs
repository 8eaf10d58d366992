namespace Rethink.Providers;

/// <summary>
/// A parsed <c>--model</c> value: <c>scheme:model[@endpoint]</c>. Parsing lives in <see cref="ModelProviders"/> so that
/// a new scheme (the lab model's <c>lab[:name]</c>) is one more <see cref="IModelProvider"/>, not a parser change.
/// </summary>
/// <param name="Scheme">The provider scheme, lower case (<c>openai</c>, <c>ollama</c>).</param>
/// <param name="Model">The model name the provider is asked for.</param>
/// <param name="Endpoint">The provider's base URL, or null for providers without one.</param>
public sealed record ModelSpec(string Scheme, string Model, Uri? Endpoint)
{
    /// <summary>The canonical text form: what runs record as the model's identity and what resume compares.</summary>
    public override string ToString() =>
        Endpoint is null ? $"{Scheme}:{Model}" : $"{Scheme}:{Model}@{Endpoint.AbsoluteUri.TrimEnd('/')}";
}
