using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Rethink.Core;

namespace Rethink.Providers;

/// <summary>
/// Masks every configured secret value (<see cref="SecretMasker"/>) in what a provider returns, before any strategy,
/// verifier, cache, store or served response sees it: a model (or an endpoint echoing its input) can put the API key in
/// its reply, and what is masked here is masked everywhere downstream, so a rerun from the response cache scores the
/// same as the run that filled it. Covers text, reasoning text, tool-call arguments, error content and the tokens of
/// reported log-probabilities (<see cref="RethinkProperties.TokenProbabilities"/>), whole and streamed. A stream is
/// masked across its updates: text that could be the start of a secret the next update completes is held back (at most
/// the longest secret's length less one char, plus the update it ends) and sent once it is known not to be one or has
/// been masked; an update is never split, so update boundaries, roles, finish reasons and usage pass through, in order.
/// An update or response whose text changed loses its raw representation, which still holds the secret. Sits directly
/// above the provider client. Thread-safe: a call keeps its state to itself.
/// </summary>
internal sealed class SecretScrubbingChatClient : DelegatingChatClient
{
    // The three texts of a piece that are searched for secrets, each across pieces: reply text, reasoning text, and
    // the reported tokens' texts (which spell the reply again, token by token).
    private const int TextChannel = 0;
    private const int ReasoningChannel = 1;
    private const int TokenChannel = 2;
    private const int Channels = 3;

    private readonly SecretMasker _masker;

    /// <param name="innerClient">The provider client.</param>
    /// <param name="masker">The secrets to mask.</param>
    public SecretScrubbingChatClient(IChatClient innerClient, SecretMasker masker)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(masker);
        _masker = masker;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var changed = false;
        foreach (var message in response.Messages)
        {
            var piece = new Piece(message.Contents, null, _masker);
            for (var channel = TextChannel; channel <= ReasoningChannel; channel++)
            {
                MaskAcross([piece], channel, final: true);
            }

            if (piece.Changed || piece.OthersChanged)
            {
                message.Contents = piece.Contents();
                message.RawRepresentation = null;
                changed = true;
            }
        }

        if (response.AdditionalProperties is { } properties && TokensOf(properties) is { } tokens)
        {
            var piece = new Piece([], tokens, _masker);
            MaskAcross([piece], TokenChannel, final: true);
            if (piece.TokensChanged)
            {
                properties[RethinkProperties.TokenProbabilities] = piece.Tokens;
                changed = true;
            }
        }

        if (changed)
        {
            response.RawRepresentation = null;
        }

        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pending = new List<(ChatResponseUpdate Update, Piece Piece)>();
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            pending.Add((update, new Piece(update.Contents, TokensOf(update.AdditionalProperties), _masker)));
            var pieces = pending.Select(p => p.Piece).ToList();
            var ready = pending.Count;
            for (var channel = 0; channel < Channels; channel++)
            {
                MaskAcross(pieces, channel, final: false);
                ready = Math.Min(ready, Ready(pieces, channel));
            }

            for (var i = 0; i < ready; i++)
            {
                yield return Finish(pending[i].Update, pending[i].Piece);
            }

            pending.RemoveRange(0, ready);
        }

        // The stream ended: what was held back cannot grow into a longer secret any more, so what it holds is masked now.
        var rest = pending.Select(p => p.Piece).ToList();
        for (var channel = 0; channel < Channels; channel++)
        {
            MaskAcross(rest, channel, final: true);
        }

        foreach (var (update, piece) in pending)
        {
            yield return Finish(update, piece);
        }
    }

    private static IReadOnlyList<TokenLogProbability>? TokensOf(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(RethinkProperties.TokenProbabilities, out var value) ? value as IReadOnlyList<TokenLogProbability> : null;

    private static ChatResponseUpdate Finish(ChatResponseUpdate update, Piece piece)
    {
        if (piece.Changed || piece.OthersChanged)
        {
            update.Contents = piece.Contents();
            update.RawRepresentation = null;
        }

        if (piece.TokensChanged)
        {
            update.AdditionalProperties![RethinkProperties.TokenProbabilities] = piece.Tokens;
            update.RawRepresentation = null;
        }

        return update;
    }

    // Masks every secret in the channel's text across the pieces, wherever it starts and ends. Unless the text is final,
    // a match that starts in the tail a later piece may still extend waits: the tail may be the start of a longer secret
    // (a key whose first half is a secret of its own), which must be masked whole. Matches are applied last first, so
    // the positions of the earlier ones stay valid.
    private void MaskAcross(IReadOnlyList<Piece> pieces, int channel, bool final)
    {
        var lengths = pieces.Select(p => p.Texts[channel].Length).ToArray();
        var combined = string.Concat(pieces.Select(p => p.Texts[channel]));
        var settled = final ? combined.Length : _masker.PendingStart(combined);
        var matches = _masker.FindAll(combined);
        for (var m = matches.Count - 1; m >= 0; m--)
        {
            var (start, length) = matches[m];
            if (start >= settled)
            {
                continue;
            }

            var end = start + length;
            var offset = 0;
            for (var i = 0; i < pieces.Count; i++)
            {
                var pieceStart = offset;
                offset += lengths[i];
                if (offset <= start || pieceStart >= end)
                {
                    continue;
                }

                var from = Math.Max(start, pieceStart) - pieceStart;
                pieces[i].Remove(channel, from, Math.Min(end, offset) - pieceStart - from, insertMask: start >= pieceStart);
            }
        }
    }

    // How many pieces from the front are final in this channel: those that end before a tail that may still become a secret.
    private int Ready(IReadOnlyList<Piece> pieces, int channel)
    {
        var pendingStart = _masker.PendingStart(string.Concat(pieces.Select(p => p.Texts[channel])));
        var end = 0;
        for (var i = 0; i < pieces.Count; i++)
        {
            end += pieces[i].Texts[channel].Length;
            if (end > pendingStart)
            {
                return i;
            }
        }

        return pieces.Count;
    }

    /// <summary>The searchable texts of one response message or streamed update, and what masking did to them.</summary>
    private sealed class Piece
    {
        private readonly IList<AIContent> _contents;

        public Piece(IList<AIContent> contents, IReadOnlyList<TokenLogProbability>? tokens, SecretMasker masker)
        {
            _contents = contents;
            Tokens = tokens;
            Texts[TextChannel] = string.Concat(contents.OfType<TextContent>().Select(c => c.Text));
            Texts[ReasoningChannel] = string.Concat(contents.OfType<TextReasoningContent>().Select(c => c.Text));
            Texts[TokenChannel] = tokens is null ? string.Empty : string.Concat(tokens.Select(t => t.Token));

            // Tool calls and errors arrive whole (the SDKs assemble streamed tool-call arguments), so they are masked here.
            foreach (var content in contents)
            {
                OthersChanged |= ScrubOther(content, masker);
            }
        }

        public string[] Texts { get; } = new string[Channels];

        public IReadOnlyList<TokenLogProbability>? Tokens { get; private set; }

        /// <summary>The text or reasoning text changed.</summary>
        public bool Changed { get; private set; }

        public bool TokensChanged { get; private set; }

        /// <summary>A tool call or error content was masked in place.</summary>
        public bool OthersChanged { get; private set; }

        public void Remove(int channel, int from, int count, bool insertMask)
        {
            var text = Texts[channel];
            Texts[channel] = text[..from] + (insertMask ? SecretMasker.Mask : string.Empty) + text[(from + count)..];
            if (channel == TokenChannel)
            {
                Tokens = SecretMasker.MaskTokens(Tokens!, from, count, insertMask);
                TokensChanged = true;
            }
            else
            {
                Changed = true;
            }
        }

        // The contents with the masked texts in place of the text parts: one text part where the first was, one
        // reasoning part likewise, everything else unchanged and in order.
        public List<AIContent> Contents()
        {
            var result = new List<AIContent>(_contents.Count);
            var textPlaced = false;
            var reasoningPlaced = false;
            foreach (var content in _contents)
            {
                switch (content)
                {
                    case TextContent text when !textPlaced:
                        textPlaced = true;
                        if (Texts[TextChannel].Length > 0)
                        {
                            result.Add(new TextContent(Texts[TextChannel]) { AdditionalProperties = text.AdditionalProperties });
                        }

                        break;
                    case TextReasoningContent reasoning when !reasoningPlaced:
                        reasoningPlaced = true;
                        if (Texts[ReasoningChannel].Length > 0)
                        {
                            result.Add(new TextReasoningContent(Texts[ReasoningChannel]) { AdditionalProperties = reasoning.AdditionalProperties });
                        }

                        break;
                    case TextContent or TextReasoningContent:
                        break;
                    default:
                        result.Add(content);
                        break;
                }
            }

            return result;
        }

        private static bool ScrubOther(AIContent content, SecretMasker masker)
        {
            switch (content)
            {
                case FunctionCallContent { Arguments: { } arguments } call:
                    var changed = false;
                    foreach (var key in arguments.Keys.ToList())
                    {
                        var value = arguments[key];
                        var scrubbed = ScrubValue(value, masker);
                        var scrubbedKey = masker.MaskText(key);
                        if (!ReferenceEquals(scrubbed, value) || !string.Equals(scrubbedKey, key, StringComparison.Ordinal))
                        {
                            arguments.Remove(key);
                            arguments[scrubbedKey] = scrubbed;
                            changed = true;
                        }
                    }

                    if (changed)
                    {
                        call.RawRepresentation = null;
                    }

                    return changed;
                case ErrorContent error:
                    var message = error.Message is null ? null : masker.MaskText(error.Message);
                    var details = error.Details is null ? null : masker.MaskText(error.Details);
                    if (ReferenceEquals(message, error.Message) && ReferenceEquals(details, error.Details))
                    {
                        return false;
                    }

                    error.Message = message;
                    error.Details = details;
                    error.RawRepresentation = null;
                    return true;
                default:
                    return false;
            }
        }

        // A tool-call argument with every string in it masked; the same instance when it held no secret.
        private static object? ScrubValue(object? value, SecretMasker masker)
        {
            switch (value)
            {
                case string text:
                    return masker.MaskText(text);
                case JsonElement element when masker.FindAll(element.GetRawText()).Count > 0:
                    var node = JsonNode.Parse(element.GetRawText());
                    using (var document = JsonDocument.Parse(ScrubNode(node, masker)?.ToJsonString() ?? "null"))
                    {
                        return document.RootElement.Clone();
                    }

                case JsonNode jsonNode when masker.FindAll(jsonNode.ToJsonString()).Count > 0:
                    return ScrubNode(jsonNode.DeepClone(), masker);
                default:
                    return value;
            }
        }

        private static JsonNode? ScrubNode(JsonNode? node, SecretMasker masker)
        {
            switch (node)
            {
                case JsonObject obj:
                    var result = new JsonObject();
                    foreach (var (name, child) in obj.ToList())
                    {
                        obj.Remove(name);
                        result[masker.MaskText(name)] = ScrubNode(child, masker);
                    }

                    return result;
                case JsonArray array:
                    var items = array.ToList();
                    array.Clear();
                    foreach (var item in items)
                    {
                        array.Add(ScrubNode(item, masker));
                    }

                    return array;
                case JsonValue leaf when leaf.TryGetValue(out string? text):
                    return JsonValue.Create(masker.MaskText(text));
                default:
                    return node;
            }
        }
    }
}
