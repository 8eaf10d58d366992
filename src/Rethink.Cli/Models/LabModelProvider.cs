using Microsoft.Extensions.AI;
using Rethink.Lab.Chat;

namespace Rethink.Cli.Models;

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
            throw CliException.Usage($"--model 'lab:{name}' takes no URL; the lab model runs in-process ({Syntax})");
        }

        return new ModelSpec(Scheme, name, null);
    }

    public IChatClient Create(ModelSpec spec, ModelClientSettings settings)
    {
        string path;
        try
        {
            path = LabModelLocator.Resolve(spec.Model);
        }
        catch (FileNotFoundException e)
        {
            throw CliException.Usage(e.Message);
        }

        return LabModel.Load(path, new LocalChatClientOptions { ModelId = "lab:" + spec.Model });
    }
}
