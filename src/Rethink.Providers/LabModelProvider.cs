using Microsoft.Extensions.AI;
using Rethink.Lab.Chat;

namespace Rethink.Providers;

/// <summary>
/// <c>lab[:&lt;name&gt;|:&lt;file.gguf&gt;]</c>: the built-in lab model, run in-process on the CPU by Rethink's own engine.
/// Names are shipped models (<c>critique</c>, the default, <c>sft</c>, <c>critique-routes</c> and <c>sft-routes</c>); see
/// <see cref="LabModelLocator"/>.
/// </summary>
internal sealed class LabModelProvider : IModelProvider
{
    public string Scheme => "lab";

    public string Syntax => "lab[:<critique|sft|critique-routes|sft-routes|file.gguf>]";

    public ModelSpec Parse(string? rest)
    {
        var name = string.IsNullOrWhiteSpace(rest) ? LabModelLocator.DefaultName : rest.Trim();
        if (name.Contains('@', StringComparison.Ordinal))
        {
            throw new ModelConfigurationException($"--model 'lab:{name}' takes no URL; the lab model runs in-process ({Syntax})");
        }

        return new ModelSpec(Scheme, name, null);
    }

    public IChatClient Create(ModelSpec spec, ModelClientSettings settings) =>
        LabModel.Load(Resolve(spec), new LocalChatClientOptions { ModelId = "lab:" + spec.Model });

    /// <summary>The spec with the SHA-256 of the model file it resolves to (computed once per file version).</summary>
    public ModelIdentity Identify(ModelSpec spec) => new(spec.ToString(), FileDigests.Of(Resolve(spec)));

    private static string Resolve(ModelSpec spec)
    {
        try
        {
            return LabModelLocator.Resolve(spec.Model);
        }
        catch (FileNotFoundException e)
        {
            throw new ModelConfigurationException(e.Message);
        }
    }
}
