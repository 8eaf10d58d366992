namespace Rethink.Verifiers.Tests;

public class NumericAnswerExtractorTests
{
    private static readonly NumericAnswerExtractor Extractor = NumericAnswerExtractor.Instance;

    [Theory]
    // GSM8K marker wins over everything else, including numbers after it on other lines.
    [InlineData("She has 3 + 4 = 7 apples.\n#### 7", "7", ExtractionMethods.Gsm8kMarker)]
    [InlineData("Total: 1,200\n#### 1,200\nThanks for 2 questions", "1,200", ExtractionMethods.Gsm8kMarker)]
    [InlineData("#### $1,200.", "$1,200.", ExtractionMethods.Gsm8kMarker)]
    [InlineData("#### -5", "-5", ExtractionMethods.Gsm8kMarker)]
    [InlineData("#### 18 (9 times 2)", "18", ExtractionMethods.Gsm8kMarker)]
    [InlineData("The answer is 12.\n#### twelve", "twelve", ExtractionMethods.Gsm8kMarker)]
    [InlineData("\\boxed{5} but #### 6", "6", ExtractionMethods.Gsm8kMarker)]
    // Boxed with nested braces; the last box counts.
    [InlineData("So x = \\boxed{\\frac{3}{4}}.", "\\frac{3}{4}", ExtractionMethods.Boxed)]
    [InlineData("First \\boxed{2}, then \\boxed{\\dfrac{1}{2}}", "\\dfrac{1}{2}", ExtractionMethods.Boxed)]
    [InlineData("The answer is \\boxed{\\sqrt{2}}", "\\sqrt{2}", ExtractionMethods.Boxed)]
    [InlineData("\\boxed{12\\text{ cm}} and then 99", "12\\text{ cm}", ExtractionMethods.Boxed)]
    [InlineData("\\boxed{4} then a truncated \\boxed{5", "4", ExtractionMethods.Boxed)]
    // Answer phrases.
    [InlineData("We need 3 boxes of 4. The answer is 12 apples. Check: 12/4 = 3.", "12", ExtractionMethods.AnswerPhrase)]
    [InlineData("Answer: $5.00\nThat used 2 coins.", "$5.00", ExtractionMethods.AnswerPhrase)]
    [InlineData("**Final answer:** 42", "42", ExtractionMethods.AnswerPhrase)]
    [InlineData("The answer is 3 + 4 = 7.", "7", ExtractionMethods.AnswerPhrase)]
    [InlineData("The answer is unclear at first; 5 then 6.\nThe answer is 9.", "9", ExtractionMethods.AnswerPhrase)]
    [InlineData("The answer is -3/4.", "-3/4", ExtractionMethods.AnswerPhrase)]
    // Last number.
    [InlineData("He had 5 apples and ate 2, leaving 3.", "3", ExtractionMethods.LastNumber)]
    [InlineData("It costs 1,000 dollars", "1,000", ExtractionMethods.LastNumber)]
    [InlineData("pages 3-4", "4", ExtractionMethods.LastNumber)]
    [InlineData("The temperature is -7 degrees", "-7", ExtractionMethods.LastNumber)]
    [InlineData("About 1.5e3 meters", "1.5e3", ExtractionMethods.LastNumber)]
    [InlineData("Half is 1/2", "1/2", ExtractionMethods.LastNumber)]
    [InlineData("A rise of 25%.", "25%", ExtractionMethods.LastNumber)]
    [InlineData("value .5", ".5", ExtractionMethods.LastNumber)]
    [InlineData("It is $\\frac{2}{3}$ of the cake", "$\\frac{2}{3}", ExtractionMethods.LastNumber)]
    public void Finds_the_answer_by_the_first_rule_that_applies(string response, string expected, string method)
    {
        var extraction = Extractor.Analyze(response);

        Assert.Equal(expected, extraction.Answer);
        Assert.Equal(method, extraction.Method);
    }

    [Theory]
    [InlineData("")]
    [InlineData("I do not know.")]
    [InlineData("The answer is unknown.")]
    [InlineData("abc123 and x2y")]
    public void Finds_nothing_when_there_is_no_number(string response)
    {
        var extraction = Extractor.Analyze(response);

        Assert.Null(extraction.Answer);
        Assert.Equal(ExtractionMethods.None, extraction.Method);
        Assert.Null(Extractor.Extract(response));
    }

    [Theory]
    [InlineData("1,000", "1000")]
    [InlineData("1000", "1000")]
    [InlineData("1e3", "1000")]
    [InlineData("+1000.00", "1000")]
    [InlineData("$1,200", "1200")]
    [InlineData("-$5", "-5")]
    [InlineData("\\$5.00", "5")]
    [InlineData("0.5", "0.5")]
    [InlineData("1/2", "0.5")]
    [InlineData("\\frac{1}{2}", "0.5")]
    [InlineData("\\dfrac12", "0.5")]
    [InlineData("2/6", "1/3")]
    [InlineData("-\\frac{4}{6}", "-2/3")]
    [InlineData("\\frac{-4}{6}", "-2/3")]
    [InlineData("25%", "25")]
    [InlineData("25\\%", "25")]
    [InlineData("12 cm", "12")]
    [InlineData("12\\text{ cm}^2", "12")]
    [InlineData("5 apples.", "5")]
    [InlineData("x = 7", "7")]
    [InlineData("1{,}000", "1000")]
    [InlineData("\u22123", "-3")]
    [InlineData("2.5e-3", "0.0025")]
    [InlineData("90^\\circ", "90")]
    [InlineData("\\sqrt{2}", "\\sqrt{2}")]
    [InlineData(" ( 1, 2 ) ", "(1,2)")]
    public void Normalizes_equivalent_forms_to_one_canonical_text(string answer, string canonical) =>
        Assert.Equal(canonical, Extractor.Normalize(answer));

    [Fact]
    public void Refuses_huge_exponents_instead_of_allocating()
    {
        // Read as text, not as a number with a billion digits.
        Assert.Equal("1e999999", Extractor.Normalize("1e999999"));
    }

    [Fact]
    public void Many_unclosed_boxes_fall_back_to_later_rules_without_quadratic_work()
    {
        // 50,000 unclosed boxes would cost about 10^10 character steps without the walk-back cap.
        var hostile = "\\boxed{7} " + string.Concat(Enumerable.Repeat("\\boxed{", 50_000));

        var extraction = Extractor.Analyze(hostile);

        Assert.Equal("7", extraction.Answer);
        Assert.Equal(ExtractionMethods.LastNumber, extraction.Method);
    }
}
