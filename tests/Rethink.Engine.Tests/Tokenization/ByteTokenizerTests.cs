using Rethink.Engine.Tokenization;

namespace Rethink.Engine.Tests.Tokenization;

public class ByteTokenizerTests
{
    [Fact]
    public void IdLayoutFollowsTheLlamaConvention()
    {
        var t = new ByteTokenizer();
        Assert.Equal(264, t.VocabSize);
        Assert.Equal((1, 2, 3), (t.BosId, t.EosId, t.PadId));
        Assert.Equal("<0x0A>", t.TokenTexts[ByteTokenizer.FirstByteId + 10]);
        Assert.Equal(260, t.SpecialTokens["<|system|>"]);
        Assert.Equal(263, t.SpecialTokens["<|end|>"]);
        var padded = new ByteTokenizer(vocabSize: 300);
        Assert.Equal("<unused_35>", padded.TokenTexts[299]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ByteTokenizer(vocabSize: 100));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello, world")]
    [InlineData("ünïcödé ✓ 😀 \n\t")]
    public void EncodeDecodeRoundTrips(string text)
    {
        var t = new ByteTokenizer();
        var ids = t.Encode(text);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text), ids.Count);
        Assert.Equal(text, t.Decode(ids));
    }

    [Fact]
    public void SpecialTokensAreParsedOnlyWhenAsked()
    {
        var t = new ByteTokenizer();
        var ids = t.Encode("<|user|>hi<|end|>", addBos: true, parseSpecial: true);
        Assert.Equal([1, 261, 4 + 'h', 4 + 'i', 263], ids);
        Assert.Equal("<s><|user|>hi<|end|>", t.Decode(ids));
        Assert.Equal("hi", t.Decode(ids, skipSpecial: true));
        Assert.Equal(17, t.Encode("<|user|>hi<|end|>").Count);
    }

    [Fact]
    public void InvalidUtf8DecodesToReplacementCharacters()
    {
        var t = new ByteTokenizer();
        Assert.Equal("a\uFFFD", t.Decode([4 + 'a', 4 + 0xC3]));
    }
}
