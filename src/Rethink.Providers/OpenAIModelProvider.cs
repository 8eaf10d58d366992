using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Rethink.Providers;

/// <summary>
/// <c>openai:&lt;model&gt;@&lt;base-url&gt;</c>: any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM,
/// llama.cpp, LM Studio, our own server). The base URL may be left out for api.openai.com.
/// </summary>
internal sealed class OpenAIModelProvider : IModelProvider
{
    private static readonly Uri OpenAIEndpoint = new("https://api.openai.com/v1");

    public string Scheme => "openai";

    public string Syntax => "openai:<model>@<base-url>";

    public ModelSpec Parse(string? rest)
    {
        var (model, endpoint) = ModelProviders.SplitModelAndUrl(Scheme, Syntax, rest, urlRequired: false);
        return new ModelSpec(Scheme, model, endpoint ?? OpenAIEndpoint);
    }

    public IChatClient Create(ModelSpec spec, ModelClientSettings settings)
    {
        var endpoint = spec.Endpoint ?? OpenAIEndpoint;

        // A key-less local server still gets a placeholder (the SDK refuses an empty key); OpenAI itself would only
        // answer 401 after a round trip, so say what is missing up front.
        var key = settings.ApiKey;
        if (key is null && endpoint.Host.Equals(OpenAIEndpoint.Host, StringComparison.OrdinalIgnoreCase))
        {
            throw new MissingCredentialsException(
                $"no API key for {endpoint.Host}: set {ApiKeys.PrimaryVariable} (or {ApiKeys.FallbackVariable}) in the environment");
        }

        var options = new OpenAIClientOptions
        {
            Endpoint = endpoint,

            // The SDK would otherwise retry 3 times on its own, and every one of its tries would run our retries:
            // 4 x 4 requests for one call. RetryingHttpHandler on the transport's HttpClient is the only retry layer,
            // and it owns the per-attempt timeout too (the SDK's would also count the waits between our retries).
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
            Transport = new HttpClientPipelineTransport(ProviderHttp.Create(settings)),
            UserAgentApplicationId = "rethink",
        };
        return new ContextLengthChatClient(new OpenAILogProbsChatClient(new OpenAIClient(new ApiKeyCredential(key ?? ApiKeys.Placeholder), options)
            .GetChatClient(spec.Model)
            .AsIChatClient()));
    }
}
