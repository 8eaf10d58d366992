using Rethink.Core;
using Rethink.Lab.Chat;
using Rethink.Lab.Evaluation;
using Rethink.Lab.Tasks;
using Rethink.Lab.Training;

namespace Rethink.Lab.Tests.Training;

/// <summary>Training from data files: the loss lands on exactly the replies a record marks, and held-out questions stay held out.</summary>
public sealed class DataFileTrainingTests
{
    private static readonly LabChatTemplate Template = LabChatTemplate.Default;

    [Fact]
    public void Every_marked_assistant_reply_is_trained_and_nothing_else()
    {
        Message[] messages =
        [
            Message.System("Be exact."),
            Message.User("Compute 2+2."),
            Message.Assistant("Answer: 5"),
            Message.User("Are you sure?"),
            Message.Assistant("Answer: 4"),
        ];

        var both = Template.EncodeConversation(messages, [false, false, true, false, true]);
        var last = Template.EncodeConversation(messages, [false, false, false, false, true]);

        // Each trained reply is its bytes plus the end token; the role marker before it is context.
        Assert.Equal("Answer: 5".Length + 1 + "Answer: 4".Length + 1, both.Trained.Count(t => t));
        Assert.Equal("Answer: 4".Length + 1, last.Trained.Count(t => t));
        Assert.Equal(both.Tokens, last.Tokens);
        Assert.Equal(Template.EncodePrompt(messages).Count - 1, both.Tokens.Length);

        // The last reply's tokens are the ones EncodeExample trains for the same context and target.
        var example = Template.EncodeExample(messages[..4], "Answer: 4");
        Assert.Equal(example.Tokens, last.Tokens);
        Assert.Equal(example.Trained, last.Trained);
    }

    [Fact]
    public void Only_assistant_messages_can_be_trained()
    {
        Assert.Throws<ArgumentException>(() => Template.EncodeConversation([Message.User("hi")], [true]));
        Assert.Throws<ArgumentException>(() => Template.EncodeConversation([Message.User("hi")], []));
    }

    [Fact]
    public void The_practice_split_never_holds_a_held_out_question_and_the_overlap_check_finds_one()
    {
        var heldOut = LabEvaluation.HeldOutQuestions();
        var practice = LabEvaluation.Suite(50, split: "practice").Problems;

        Assert.Equal(50 * LabRecipes.TrainingCells.Count, practice.Count);
        Assert.DoesNotContain(practice, p => heldOut.Contains(p.Question));
        Assert.All(LabEvaluation.Suite(10).Problems, p => Assert.Contains(p.Question, heldOut));
        Assert.StartsWith("lab-practice-50-per-cell", LabEvaluation.Suite(50, split: "practice").Name, StringComparison.Ordinal);

        var clean = practice.Take(3).Select(p => new LabConversation([Message.User(p.Question), Message.Assistant("x")], [false, true])).ToList();
        var leaked = clean.Append(new LabConversation([Message.User(LabEvaluation.Suite(1).Problems[0].Question), Message.Assistant("x")], [false, true])).ToList();
        Assert.Empty(LabFineTuning.HeldOutOverlap(clean));
        Assert.Equal(3, Assert.Single(LabFineTuning.HeldOutOverlap(leaked)).Index);
    }

    [Fact]
    public void The_held_out_suite_is_unchanged_by_the_practice_stream()
    {
        // The main suite keeps its name and problems (its ids are pinned in LabSuiteGoldenTests).
        var suite = LabEvaluation.Suite(10);
        Assert.Equal("lab-suite-10-per-cell", suite.Name);
        Assert.Equal(LabSuite.Evaluation(LabRecipes.TrainingCells, 10, LabRecipes.TrainingQuestions()).Select(p => p.Id), suite.Problems.Select(p => p.Id));
    }
}
