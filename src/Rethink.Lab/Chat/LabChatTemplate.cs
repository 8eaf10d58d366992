using Rethink.Core;
using Rethink.Engine.Tokenization;

namespace Rethink.Lab.Chat;

/// <summary>
/// The lab chat format: <c>&lt;s&gt;</c>, then for every message its role marker (<c>&lt;|system|&gt;</c>,
/// <c>&lt;|user|&gt;</c>, <c>&lt;|assistant|&gt;</c>), its text as bytes and <c>&lt;|end|&gt;</c>; a generation prompt ends
/// with <c>&lt;|assistant|&gt;</c> and the model stops at <c>&lt;|end|&gt;</c>. Message text is encoded without special
/// parsing, so a user who types "&lt;|end|&gt;" cannot forge a turn boundary. Immutable and thread-safe.
/// </summary>
public sealed class LabChatTemplate
{
    private readonly int _system;
    private readonly int _user;
    private readonly int _assistant;

    /// <summary>Creates the template over <paramref name="tokenizer"/>, which must define the four markers.</summary>
    public LabChatTemplate(ITokenizer tokenizer)
    {
        Tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        int Special(string s) => tokenizer.SpecialTokens.TryGetValue(s, out var id)
            ? id
            : throw new ArgumentException($"The tokenizer has no special token '{s}' required by the lab chat format.", nameof(tokenizer));
        _system = Special("<|system|>");
        _user = Special("<|user|>");
        _assistant = Special("<|assistant|>");
        EndId = Special("<|end|>");
    }

    /// <summary>The default template over the lab's byte tokenizer.</summary>
    public static LabChatTemplate Default { get; } = new(new ByteTokenizer());

    /// <summary>The tokenizer.</summary>
    public ITokenizer Tokenizer { get; }

    /// <summary>The end-of-turn token id (the stop token for generation).</summary>
    public int EndId { get; }

    /// <summary>Tokens of <paramref name="messages"/> followed by the assistant marker, ready for generation.</summary>
    public List<int> EncodePrompt(IReadOnlyList<Message> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var ids = new List<int> { Tokenizer.BosId };
        foreach (var m in messages)
        {
            AppendMessage(ids, m);
        }

        ids.Add(_assistant);
        return ids;
    }

    /// <summary>
    /// A training sequence: the prompt for <paramref name="context"/> (not trained) followed by <paramref name="target"/>
    /// and the end token (trained). Only the final assistant reply is learned, so a flawed earlier answer in the context
    /// is never taught.
    /// </summary>
    public LabTrainingExample EncodeExample(IReadOnlyList<Message> context, string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var prompt = EncodePrompt(context);
        var reply = Tokenizer.Encode(target);
        var tokens = new int[prompt.Count + reply.Count + 1];
        var trained = new bool[tokens.Length];
        prompt.CopyTo(tokens);
        for (var i = 0; i < reply.Count; i++)
        {
            tokens[prompt.Count + i] = reply[i];
            trained[prompt.Count + i] = true;
        }

        tokens[^1] = EndId;
        trained[^1] = true;
        return new LabTrainingExample(tokens, trained);
    }

    /// <summary>
    /// A training sequence of a whole conversation: every message in the chat format, with the loss on the content and
    /// end token of each assistant message whose entry in <paramref name="trained"/> is true (so a multi-turn record
    /// teaches every reply it marks, and a wrong first answer kept as context is never taught). The system and user
    /// messages are never trained. Throws <see cref="ArgumentException"/> when the lists differ in length or a trained
    /// message is not an assistant's.
    /// </summary>
    public LabTrainingExample EncodeConversation(IReadOnlyList<Message> messages, IReadOnlyList<bool> trained)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(trained);
        if (messages.Count != trained.Count)
        {
            throw new ArgumentException($"{messages.Count} messages but {trained.Count} trained flags", nameof(trained));
        }

        var ids = new List<int> { Tokenizer.BosId };
        var mask = new List<bool> { false };
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            if (trained[i] && m.Role != MessageRoles.Assistant)
            {
                throw new ArgumentException($"message {i} is a {m.Role} message; only assistant messages are trained", nameof(trained));
            }

            var start = ids.Count;
            AppendMessage(ids, m);

            // The role marker opens the message and is context; the content and the end token are the reply.
            mask.Add(false);
            for (var t = start + 1; t < ids.Count; t++)
            {
                mask.Add(trained[i]);
            }
        }

        return new LabTrainingExample([.. ids], [.. mask]);
    }

    private void AppendMessage(List<int> ids, Message m)
    {
        ids.Add(m.Role switch
        {
            MessageRoles.System => _system,
            MessageRoles.User => _user,
            MessageRoles.Assistant => _assistant,
            _ => throw new ArgumentException($"The lab chat format has no role '{m.Role}' (expected system, user or assistant)."),
        });
        ids.AddRange(Tokenizer.Encode(m.Text));
        ids.Add(EndId);
    }
}
