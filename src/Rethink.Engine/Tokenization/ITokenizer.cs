namespace Rethink.Engine.Tokenization;

/// <summary>
/// Maps text to token ids and back. Implementations are immutable and thread-safe.
/// </summary>
public interface ITokenizer
{
    /// <summary>Number of token ids (ids are 0 .. VocabSize-1).</summary>
    int VocabSize { get; }

    /// <summary>Beginning-of-sequence id.</summary>
    int BosId { get; }

    /// <summary>End-of-sequence id (a natural stop token).</summary>
    int EosId { get; }

    /// <summary>Padding id.</summary>
    int PadId { get; }

    /// <summary>Named special tokens (e.g. chat role markers) by their text, e.g. <c>&lt;|user|&gt;</c>.</summary>
    IReadOnlyDictionary<string, int> SpecialTokens { get; }

    /// <summary>Encodes <paramref name="text"/>.</summary>
    /// <param name="text">Text to encode.</param>
    /// <param name="addBos">Prepend <see cref="BosId"/>.</param>
    /// <param name="parseSpecial">Map occurrences of special token texts to their ids (otherwise they are plain text).</param>
    IReadOnlyList<int> Encode(string text, bool addBos = false, bool parseSpecial = false);

    /// <summary>Decodes ids to text; invalid UTF-8 becomes U+FFFD.</summary>
    /// <param name="ids">Token ids.</param>
    /// <param name="skipSpecial">Drop control and special tokens instead of writing their text.</param>
    string Decode(IEnumerable<int> ids, bool skipSpecial = false);
}
