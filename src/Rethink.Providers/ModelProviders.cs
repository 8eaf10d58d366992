using Microsoft.Extensions.AI;

namespace Rethink.Providers;

/// <summary>The registry of <c>--model</c> schemes and the parser that dispatches to them.</summary>
public static class ModelProviders
{
    private static readonly IModelProvider[] Providers = [new LabModelProvider(), new OpenAIModelProvider(), new OllamaModelProvider()];

    /// <summary>Every supported syntax, for help and error messages.</summary>
    public static string SupportedSyntax => string.Join(", ", Providers.Select(p => p.Syntax));

    /// <summary>Parses a <c>--model</c> value; an unknown scheme is a usage error listing the supported ones.</summary>
    public static ModelSpec Parse(string text)
    {
        text = text?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            throw new ModelConfigurationException($"--model is empty; supported: {SupportedSyntax}");
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var scheme = (colon < 0 ? text : text[..colon]).ToLowerInvariant();
        var rest = colon < 0 ? null : text[(colon + 1)..];
        var provider = Providers.FirstOrDefault(p => p.Scheme == scheme)
            ?? throw new ModelConfigurationException($"unknown model scheme '{scheme}' in --model '{text}'; supported: {SupportedSyntax}");
        return provider.Parse(rest);
    }

    /// <summary>
    /// The bare provider client for a parsed spec, without the layers of <see cref="ModelPipeline"/> (no masking, no
    /// health, no cache): use <see cref="ModelPipeline.Create"/> unless you compose those yourself.
    /// </summary>
    public static IChatClient Create(ModelSpec spec, ModelClientSettings settings) =>
        Providers.First(p => p.Scheme == spec.Scheme).Create(spec, settings);

    /// <summary>The spec's identity: for a model read from a file, with the file's content digest.</summary>
    public static ModelIdentity Identify(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Providers.First(p => p.Scheme == spec.Scheme).Identify(spec);
    }

    /// <summary>
    /// Splits <c>model@url</c> and validates the URL. Credentials in the URL (user info, key-looking query parameters)
    /// are refused: keys come from the environment only.
    /// </summary>
    public static (string Model, Uri? Endpoint) SplitModelAndUrl(string scheme, string syntax, string? rest, bool urlRequired)
    {
        if (string.IsNullOrWhiteSpace(rest))
        {
            throw new ModelConfigurationException($"--model '{scheme}' names no model; expected {syntax}");
        }

        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var model = (at < 0 ? rest : rest[..at]).Trim();
        var url = at < 0 ? null : rest[(at + 1)..].Trim();
        if (model.Length == 0)
        {
            throw new ModelConfigurationException($"--model '{scheme}:{rest}' names no model; expected {syntax}");
        }

        if (url is null || url.Length == 0)
        {
            return urlRequired
                ? throw new ModelConfigurationException($"--model '{scheme}:{model}' needs a base URL; expected {syntax}")
                : (model, null);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ModelConfigurationException($"--model '{scheme}:{model}@...' has an invalid base URL; expected an http:// or https:// URL");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query))
        {
            throw new ModelConfigurationException(
                $"--model base URLs may not carry credentials or query strings; set {ApiKeys.PrimaryVariable} in the environment instead");
        }

        return (model, uri);
    }
}
