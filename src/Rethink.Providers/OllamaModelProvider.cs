using Microsoft.Extensions.AI;
using OllamaSharp;

namespace Rethink.Providers;

/// <summary><c>ollama:&lt;model&gt;[@&lt;url&gt;]</c>: a model served by Ollama (default http://localhost:11434).</summary>
internal sealed class OllamaModelProvider : IModelProvider
{
    private static readonly Uri DefaultEndpoint = new("http://localhost:11434");

    public string Scheme => "ollama";

    public string Syntax => "ollama:<model>[@<url>]";

    public ModelSpec Parse(string? rest)
    {
        var (model, endpoint) = ModelProviders.SplitModelAndUrl(Scheme, Syntax, rest, urlRequired: false);
        return new ModelSpec(Scheme, model, endpoint ?? DefaultEndpoint);
    }

    public IChatClient Create(ModelSpec spec, ModelClientSettings settings)
    {
        // OllamaSharp has no retry policy of its own, so the shared handler is the one retry layer here too.
        return new OllamaApiClient(ProviderHttp.Create(settings, spec.Endpoint ?? DefaultEndpoint), spec.Model);
    }
}
