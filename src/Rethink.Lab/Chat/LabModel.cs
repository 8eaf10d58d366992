using Rethink.Engine.Gguf;
using Rethink.Engine.Inference;
using Rethink.Engine.Tokenization;

namespace Rethink.Lab.Chat;

/// <summary>Loads a lab model file (GGUF, llama architecture, byte tokenizer) as a <see cref="LocalChatClient"/>.</summary>
public static class LabModel
{
    /// <summary>
    /// Opens <paramref name="path"/> and returns a chat client over it. Throws <see cref="FileNotFoundException"/> when the
    /// file is missing and <see cref="GgufFormatException"/> when it is not a valid model.
    /// </summary>
    public static LocalChatClient Load(string path, LocalChatClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Lab model file '{path}' does not exist.", path);
        }

        var file = GgufFile.Open(path);
        var weights = InferenceWeights.FromGguf(file);
        var tokenizer = ByteTokenizer.FromGguf(file);
        return new LocalChatClient(weights, new LabChatTemplate(tokenizer), options);
    }
}
