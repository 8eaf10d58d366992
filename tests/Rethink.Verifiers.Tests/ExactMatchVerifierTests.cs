using Rethink.Core;

namespace Rethink.Verifiers.Tests;

public class ExactMatchVerifierTests
{
    [Theory]
    [InlineData("The Eiffel Tower", "eiffel tower")]
    [InlineData("  Hello,   WORLD!  ", "hello world")]
    [InlineData("an apple a day", "apple day")]
    [InlineData("Theatre", "theatre")]
    [InlineData("Eiffel-Tower", "eiffeltower")]
    [InlineData("U.S.A.", "usa")]
    [InlineData("The", "")]
    [InlineData("Ünïcode  Café", "ünïcode café")]
    public void Normalizes_like_squad(string text, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(text));

    [Theory]
    [InlineData("Eiffel Tower", "The answer is the Eiffel Tower.", ExactMatchReasons.Equal, VerdictLabel.Correct)]
    [InlineData("paris", "Let me think.\nPARIS", ExactMatchReasons.Equal, VerdictLabel.Correct)]
    [InlineData("paris", "#### Paris", ExactMatchReasons.Equal, VerdictLabel.Correct)]
    [InlineData("blue whale", "\\boxed{\\text{Blue whale}}", ExactMatchReasons.Equal, VerdictLabel.Correct)]
    [InlineData("Paris", "Answer: **Paris**", ExactMatchReasons.Equal, VerdictLabel.Correct)]
    [InlineData("Paris", "Answer: Paris, France", ExactMatchReasons.NotEqual, VerdictLabel.Incorrect)]
    [InlineData("Paris", "Lyon", ExactMatchReasons.NotEqual, VerdictLabel.Incorrect)]
    [InlineData("Paris", "   \n  ", ExactMatchReasons.NoAnswer, VerdictLabel.Incorrect)]
    [InlineData("Paris", "...", ExactMatchReasons.NoAnswer, VerdictLabel.Incorrect)]
    [InlineData("the", "the", ExactMatchReasons.NoReference, VerdictLabel.Unsure)]
    public async Task Gives_the_documented_reason(string gold, string response, string reason, VerdictLabel label)
    {
        var verdict = await Check.Run(ExactMatchVerifier.Instance, new Reference { Kind = AnswerKind.Exact, Answer = gold }, response);

        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(label, verdict.Label);
    }

    [Fact]
    public async Task Missing_gold_is_unsure()
    {
        var verdict = await Check.Run(ExactMatchVerifier.Instance, Reference.None, "Paris");

        Assert.Equal(ExactMatchReasons.NoReference, verdict.Reason);
    }

    [Theory]
    [InlineData("Blah.\nThe answer is: Mount Everest.", "Mount Everest", ExtractionMethods.AnswerPhrase)]
    [InlineData("first line\n\nlast line.\n", "last line", ExtractionMethods.LastLine)]
    [InlineData("#### blue", "blue", ExtractionMethods.Gsm8kMarker)]
    [InlineData("", null, ExtractionMethods.None)]
    public void Text_extractor_rules(string response, string? answer, string method)
    {
        var extraction = TextAnswerExtractor.Instance.Analyze(response);

        Assert.Equal(answer, extraction.Answer);
        Assert.Equal(method, extraction.Method);
    }
}
