using System.Globalization;
using System.Text;
using Rethink.Engine.Gguf;

namespace Rethink.Engine.Tokenization;

/// <summary>
/// Byte-level tokenizer for the lab model: text is UTF-8 and every byte is one token. Id layout (the Llama/SentencePiece
/// convention, so llama.cpp's <c>llama</c> tokenizer reads it): 0 <c>&lt;unk&gt;</c>, 1 <c>&lt;s&gt;</c> (BOS),
/// 2 <c>&lt;/s&gt;</c> (EOS), 3 <c>&lt;pad&gt;</c>, 4..259 the bytes 0x00..0xFF written <c>&lt;0xHH&gt;</c>, then the
/// named special tokens in order, then <c>&lt;unused_N&gt;</c> fillers up to the requested vocabulary size.
/// Immutable and thread-safe.
/// </summary>
public sealed class ByteTokenizer : ITokenizer
{
    /// <summary>Id of byte 0x00.</summary>
    public const int FirstByteId = 4;

    /// <summary>Default chat role markers.</summary>
    public static readonly IReadOnlyList<string> DefaultSpecials = ["<|system|>", "<|user|>", "<|assistant|>", "<|end|>"];

    private static readonly UTF8Encoding Utf8 = new(false, false);
    private readonly string[] texts;
    private readonly Dictionary<string, int> specials;

    /// <summary>Creates the tokenizer.</summary>
    /// <param name="specialTokens">Named special tokens (ids 260, 261, ...); defaults to <see cref="DefaultSpecials"/>.</param>
    /// <param name="vocabSize">Total size; 0 means exactly 260 + specials; larger pads with unused tokens.</param>
    public ByteTokenizer(IReadOnlyList<string>? specialTokens = null, int vocabSize = 0)
    {
        specialTokens ??= DefaultSpecials;
        var natural = FirstByteId + 256 + specialTokens.Count;
        if (vocabSize != 0 && vocabSize < natural)
        {
            throw new ArgumentOutOfRangeException(nameof(vocabSize), $"Vocabulary needs at least {natural} ids.");
        }

        var size = vocabSize == 0 ? natural : vocabSize;
        texts = new string[size];
        texts[0] = "<unk>";
        texts[1] = "<s>";
        texts[2] = "</s>";
        texts[3] = "<pad>";
        for (var b = 0; b < 256; b++)
        {
            texts[FirstByteId + b] = string.Create(CultureInfo.InvariantCulture, $"<0x{b:X2}>");
        }

        specials = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < specialTokens.Count; i++)
        {
            var id = FirstByteId + 256 + i;
            if (string.IsNullOrEmpty(specialTokens[i]) || !specials.TryAdd(specialTokens[i], id) || texts.Take(FirstByteId + 256).Contains(specialTokens[i]))
            {
                throw new ArgumentException($"Special token '{specialTokens[i]}' is empty or duplicated.", nameof(specialTokens));
            }

            texts[id] = specialTokens[i];
        }

        for (var i = natural; i < size; i++)
        {
            texts[i] = string.Create(CultureInfo.InvariantCulture, $"<unused_{i - natural}>");
        }
    }

    /// <inheritdoc/>
    public int VocabSize => texts.Length;

    /// <inheritdoc/>
    public int BosId => 1;

    /// <inheritdoc/>
    public int EosId => 2;

    /// <inheritdoc/>
    public int PadId => 3;

    /// <summary>Id of the unknown token (never produced by <see cref="Encode"/>).</summary>
    public int UnknownId => 0;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, int> SpecialTokens => specials;

    /// <summary>Text of every id (GGUF <c>tokenizer.ggml.tokens</c>).</summary>
    public IReadOnlyList<string> TokenTexts => texts;

    /// <summary>Reads the tokenizer back from GGUF metadata written by <see cref="WriteGguf"/>.</summary>
    /// <exception cref="GgufFormatException">The metadata does not describe this byte-level layout.</exception>
    public static ByteTokenizer FromGguf(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Require("tokenizer.ggml.tokens").Value is not IReadOnlyList<string> tokens || tokens.Count < FirstByteId + 256)
        {
            throw new GgufFormatException("GGUF tokenizer.ggml.tokens is not a string array of at least 260 tokens.");
        }

        for (var b = 0; b < 256; b++)
        {
            if (tokens[FirstByteId + b] != string.Create(CultureInfo.InvariantCulture, $"<0x{b:X2}>"))
            {
                throw new GgufFormatException($"GGUF token {FirstByteId + b} is '{tokens[FirstByteId + b]}'; a byte tokenizer expects <0x{b:X2}>.");
            }
        }

        var named = tokens.Skip(FirstByteId + 256).TakeWhile(t => !t.StartsWith("<unused_", StringComparison.Ordinal)).ToArray();
        return new ByteTokenizer(named, tokens.Count);
    }

    /// <summary>Writes the <c>tokenizer.ggml.*</c> keys llama.cpp's <c>llama</c> (SentencePiece) tokenizer needs.</summary>
    public void WriteGguf(GgufWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Add("tokenizer.ggml.model", GgufValue.String("llama"));
        writer.Add("tokenizer.ggml.tokens", GgufValue.StringArray(texts));
        writer.Add("tokenizer.ggml.scores", GgufValue.Float32Array(new float[texts.Length]));
        var types = new int[texts.Length];
        for (var i = 0; i < types.Length; i++)
        {
            // llama_token_type: 1 normal, 2 unknown, 3 control, 5 unused, 6 byte.
            types[i] = i == 0 ? 2 : i < FirstByteId ? 3 : i < FirstByteId + 256 ? 6 : i < FirstByteId + 256 + specials.Count ? 3 : 5;
        }

        writer.Add("tokenizer.ggml.token_type", GgufValue.Int32Array(types));
        writer.Add("tokenizer.ggml.bos_token_id", GgufValue.UInt32((uint)BosId));
        writer.Add("tokenizer.ggml.eos_token_id", GgufValue.UInt32((uint)EosId));
        writer.Add("tokenizer.ggml.unknown_token_id", GgufValue.UInt32((uint)UnknownId));
        writer.Add("tokenizer.ggml.padding_token_id", GgufValue.UInt32((uint)PadId));
        writer.Add("tokenizer.ggml.add_bos_token", GgufValue.Bool(true));
        writer.Add("tokenizer.ggml.add_eos_token", GgufValue.Bool(false));
    }

    /// <inheritdoc/>
    public IReadOnlyList<int> Encode(string text, bool addBos = false, bool parseSpecial = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length + 1);
        if (addBos)
        {
            ids.Add(BosId);
        }

        var start = 0;
        while (start <= text.Length)
        {
            var (at, id, len) = parseSpecial ? NextSpecial(text, start) : (-1, -1, 0);
            var end = at < 0 ? text.Length : at;
            foreach (var b in Utf8.GetBytes(text, start, end - start))
            {
                ids.Add(FirstByteId + b);
            }

            if (at < 0)
            {
                break;
            }

            ids.Add(id);
            start = at + len;
        }

        return ids;
    }

    /// <inheritdoc/>
    public string Decode(IEnumerable<int> ids, bool skipSpecial = false)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var sb = new StringBuilder();
        var pending = new List<byte>();
        void Flush()
        {
            if (pending.Count > 0)
            {
                sb.Append(Utf8.GetString(pending.ToArray()));
                pending.Clear();
            }
        }

        foreach (var id in ids)
        {
            if (id is >= FirstByteId and < FirstByteId + 256)
            {
                pending.Add((byte)(id - FirstByteId));
                continue;
            }

            Flush();
            if (!skipSpecial && id >= 0 && id < texts.Length)
            {
                sb.Append(texts[id]);
            }
        }

        Flush();
        return sb.ToString();
    }

    private (int At, int Id, int Length) NextSpecial(string text, int start)
    {
        var best = (-1, -1, 0);
        foreach (var (s, id) in specials)
        {
            var at = text.IndexOf(s, start, StringComparison.Ordinal);
            if (at >= 0 && (best.Item1 < 0 || at < best.Item1 || (at == best.Item1 && s.Length > best.Item3)))
            {
                best = (at, id, s.Length);
            }
        }

        return best;
    }
}
