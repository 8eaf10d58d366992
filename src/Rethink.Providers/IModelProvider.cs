using Microsoft.Extensions.AI;

namespace Rethink.Providers;

/// <summary>One <c>--model</c> scheme: how to parse what follows the scheme and how to build the chat client.</summary>
internal interface IModelProvider
{
    /// <summary>The scheme, lower case, without the colon.</summary>
    string Scheme { get; }

    /// <summary>The accepted syntax, shown in errors and help (e.g. <c>openai:&lt;model&gt;@&lt;base-url&gt;</c>).</summary>
    string Syntax { get; }

    /// <summary>Parses the text after <c>scheme:</c> (null when the spec had no colon); throws <see cref="ModelConfigurationException"/>.</summary>
    ModelSpec Parse(string? rest);

    /// <summary>Builds the client. Throws <see cref="ModelConfigurationException"/> or <see cref="MissingCredentialsException"/> when the environment lacks what it needs.</summary>
    IChatClient Create(ModelSpec spec, ModelClientSettings settings);

    /// <summary>The model's identity; a provider of file models adds the file's digest.</summary>
    ModelIdentity Identify(ModelSpec spec) => new(spec.ToString(), null);
}
