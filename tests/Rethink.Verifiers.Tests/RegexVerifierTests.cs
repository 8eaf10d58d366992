using Rethink.Core;

namespace Rethink.Verifiers.Tests;

public class RegexVerifierTests
{
    [Theory]
    [InlineData(@"\d{4}", "The answer is 1969.", RegexReasons.Match, VerdictLabel.Correct)]
    [InlineData(@"\d{4}", "The answer is 1969 AD.", RegexReasons.NoMatch, VerdictLabel.Incorrect)]
    [InlineData(@"(?i)paris", "Answer: PARIS", RegexReasons.Match, VerdictLabel.Correct)]
    [InlineData(@"paris", "Answer: PARIS", RegexReasons.NoMatch, VerdictLabel.Incorrect)]
    [InlineData(@"cat|dog", "dog", RegexReasons.Match, VerdictLabel.Correct)]
    [InlineData(@"cat|dog", "hotdog", RegexReasons.NoMatch, VerdictLabel.Incorrect)]
    [InlineData(@"a)|(b", "b", RegexReasons.InvalidPattern, VerdictLabel.Unsure)]
    [InlineData(@"[unclosed", "x", RegexReasons.InvalidPattern, VerdictLabel.Unsure)]
    [InlineData(@"\d+", "", RegexReasons.NoAnswer, VerdictLabel.Incorrect)]
    [InlineData("", "42", RegexReasons.NoReference, VerdictLabel.Unsure)]
    public async Task Gives_the_documented_reason(string pattern, string response, string reason, VerdictLabel label)
    {
        var verdict = await Check.Run(RegexVerifier.Instance, new Reference { Kind = AnswerKind.Regex, Answer = pattern }, response);

        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(label, verdict.Label);
    }

    [Fact]
    public async Task Catastrophic_backtracking_times_out_with_a_reason()
    {
        var verifier = new RegexVerifier(TimeSpan.FromMilliseconds(20));
        var reference = new Reference { Kind = AnswerKind.Regex, Answer = @"(a|aa)+b" };

        var verdict = await Check.Run(verifier, reference, new string('a', 60));

        Assert.Equal(RegexReasons.Timeout, verdict.Reason);
        Assert.Equal(VerdictLabel.Unsure, verdict.Label);
    }

    [Fact]
    public void Rejects_a_non_positive_time_limit() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegexVerifier(TimeSpan.Zero));
}
