namespace Rethink.Verifiers.Tests;

public class ChoiceAnswerExtractorTests
{
    private static readonly string[] Options = ["Paris", "Berlin", "The Rhine", "Madrid"];

    [Theory]
    [InlineData("The answer is (B).", "B", ExtractionMethods.AnswerPhrase)]
    [InlineData("Answer: B", "B", ExtractionMethods.AnswerPhrase)]
    [InlineData("the answer is b", "B", ExtractionMethods.AnswerPhrase)]
    [InlineData("the answer is (c)", "C", ExtractionMethods.AnswerPhrase)]
    [InlineData("**Answer:** D", "D", ExtractionMethods.AnswerPhrase)]
    [InlineData("Answer: **C**", "C", ExtractionMethods.AnswerPhrase)]
    [InlineData("Final answer = A", "A", ExtractionMethods.AnswerPhrase)]
    [InlineData("I pick option C because it fits.", "C", ExtractionMethods.AnswerPhrase)]
    [InlineData("(A) is tempting, but the answer is B. So the answer is B.", "B", ExtractionMethods.AnswerPhrase)]
    [InlineData("Thinking...\n\\boxed{D}", "D", ExtractionMethods.Boxed)]
    [InlineData("\\boxed{\\text{(J)}}", "J", ExtractionMethods.Boxed)]
    [InlineData("I think (C) is right.", "C", ExtractionMethods.LetterMarker)]
    [InlineData("C) because of the heat", "C", ExtractionMethods.LetterMarker)]
    [InlineData("My choice: **C**", "C", ExtractionMethods.AnswerPhrase)]
    [InlineData("It has to be **C**.", "C", ExtractionMethods.LetterMarker)]
    [InlineData("B. Berlin", "B", ExtractionMethods.LetterMarker)]
    [InlineData("After thinking it over:\nD\n", "D", ExtractionMethods.LetterMarker)]
    public void Finds_the_letter(string response, string letter, string method)
    {
        var extraction = ChoiceAnswerExtractor.Instance.Analyze(response);

        Assert.Equal(letter, extraction.Answer);
        Assert.Equal(method, extraction.Method);
    }

    [Theory]
    [InlineData("A train leaves the station at noon. I cannot tell.")]
    [InlineData("the answer is a bit tricky to find")]
    [InlineData("I would say it depends on the context.")]
    [InlineData("")]
    [InlineData("The Answer Is Because the sky is blue")]
    public void Does_not_read_letters_inside_words_or_sentences(string response)
    {
        var extraction = ChoiceAnswerExtractor.Instance.Analyze(response);

        Assert.Null(extraction.Answer);
        Assert.Equal(ExtractionMethods.None, extraction.Method);
    }

    [Theory]
    [InlineData("The answer is B. No wait, the answer is C.", "B,C")]
    [InlineData("(A) or (C), both look right.", "A,C")]
    [InlineData("A. Paris\nB. Berlin\nC. The Rhine", "A,B,C")]
    public void Refuses_several_distinct_letters(string response, string candidates)
    {
        var extraction = ChoiceAnswerExtractor.Instance.Analyze(response);

        Assert.Null(extraction.Answer);
        Assert.Equal(ExtractionMethods.Ambiguous, extraction.Method);
        Assert.Equal(candidates.Split(','), extraction.Candidates);
    }

    [Theory]
    [InlineData("Berlin", "B")]
    [InlineData("berlin.", "B")]
    [InlineData("The answer is the Rhine.", "C")]
    [InlineData("Rhine", "C")]
    [InlineData("\\boxed{Madrid}", "D")]
    public void Matches_an_option_text_when_options_are_known(string response, string letter)
    {
        var extractor = new ChoiceAnswerExtractor(Options);

        var extraction = extractor.Analyze(response);

        Assert.Equal(letter, extraction.Answer);
    }

    [Fact]
    public void Option_text_inside_a_longer_sentence_is_not_a_match()
    {
        var extraction = new ChoiceAnswerExtractor(Options).Analyze("Paris is the capital of France, not Berlin");

        Assert.Equal(ExtractionMethods.None, extraction.Method);
    }

    [Theory]
    [InlineData("b", "B")]
    [InlineData("(C)", "C")]
    [InlineData("D.", "D")]
    [InlineData("**A**", "A")]
    [InlineData("The Rhine!", "rhine")]
    public void Normalizes_letters_to_upper_case(string answer, string normalized) =>
        Assert.Equal(normalized, ChoiceAnswerExtractor.Instance.Normalize(answer));
}
