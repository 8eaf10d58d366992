using Rethink.Core;
using Rethink.Lab.Chat;
using Rethink.Lab.Tasks;
using Rethink.Lab.Training;
using Rethink.Strategies;

namespace Rethink.Lab.Tests.Training;

public class LabDataBuilderTests
{
    private static readonly LabDataRecipe Recipe = new()
    {
        Seed = 4,
        Cells = [new("arith", 1), new("add", 3), new("lineq", 2)],
        ProblemsPerCell = 30,
        CorrectionShare = 1.0,
        FlawedShare = 0.5,
    };

    private static IStrategy[] Corrections() =>
        [StrategyCatalog.Create("reask"), StrategyCatalog.Create("critique-revise"), StrategyCatalog.Create("self-refine"), StrategyCatalog.Create("verify-refine")];

    [Fact]
    public async Task Conversations_have_the_strategies_shape_and_never_teach_a_flawed_answer()
    {
        var data = await LabDataBuilder.BuildAsync(Recipe, StrategyCatalog.Create("direct"), Corrections());
        Assert.Equal(90, data.Problems);
        Assert.Equal(90, data.FlawedFirstAnswers + data.CorrectFirstAnswers);
        Assert.InRange(data.FlawedFirstAnswers, 30, 60);

        foreach (var e in data.Examples)
        {
            var lab = LabSuite.FromId(e.ProblemId);
            var family = LabFamilies.Get(lab.Family);
            if (e.Role == ModelRole.Generator)
            {
                // Every generator target is a fully correct worked solution.
                Assert.Equal("step.ok", family.Check(lab, e.Target).Reason);
            }
            else
            {
                // A critique says "correct" exactly when the answer it critiques is correct.
                Assert.Equal(ModelRole.Critic, e.Role);
                Assert.True(e.Target.StartsWith("All steps are correct.", StringComparison.Ordinal) || e.Target.StartsWith("Step ", StringComparison.Ordinal), e.Target);
            }
        }

        var counts = data.Counts;
        Assert.True(counts["direct/Generator"] >= 90);
        Assert.True(counts["self-refine/Critic"] > 0);
        Assert.True(counts["critique-revise/Critic"] > 0);
        Assert.True(counts["reask/Generator"] > 0);
        Assert.True(counts["verify-refine/Generator"] > 0);

        // Critiques of wrong answers exist and point at a step, and critique-revise's end with its own markers.
        Assert.Contains(data.Examples, e => e.Role == ModelRole.Critic && e.Target.StartsWith("Step ", StringComparison.Ordinal));
        Assert.All(
            data.Examples.Where(e => e.Strategy == "critique-revise" && e.Role == ModelRole.Critic),
            e => Assert.True(e.Target.EndsWith("VERDICT: NO PROBLEMS", StringComparison.Ordinal) || e.Target.EndsWith("VERDICT: PROBLEMS FOUND", StringComparison.Ordinal), e.Target));
    }

    [Fact]
    public async Task Student_answers_open_correction_conversations_and_are_critiqued_never_taught()
    {
        var recipe = Recipe with { StudentShare = 1.0, StudentTemperature = 0.9f };
        var student = new LookupStudent(recipe);
        var data = await LabDataBuilder.BuildAsync(recipe, StrategyCatalog.Create("direct"), Corrections(), student);

        // Every correction conversation was opened by the student, right or wrong as it answered.
        Assert.Equal(90, student.Calls);
        Assert.Equal(90, data.StudentCorrect + data.StudentWrong);
        Assert.Equal(data.StudentCorrect, data.CorrectFirstAnswers);
        Assert.Equal(data.StudentWrong, data.FlawedFirstAnswers);
        Assert.InRange(data.StudentWrong, 20, 70);
        Assert.All(student.Options, o => Assert.Equal(0.9f, o.Temperature));
        Assert.Equal(90, student.Options.Select(o => o.Seed).Distinct().Count());

        foreach (var e in data.Examples)
        {
            var lab = LabSuite.FromId(e.ProblemId);
            if (e.Role == ModelRole.Generator)
            {
                Assert.Equal("step.ok", LabFamilies.Get(lab.Family).Check(lab, e.Target).Reason);
            }
        }

        // The student's wrong answers reach the critic's context, and the critic points at a step.
        var wrong = student.WrongAnswers;
        Assert.Contains(data.Examples, e => e.Role == ModelRole.Critic && e.Context.Any(m => wrong.Any(w => m.Text.Contains(w, StringComparison.Ordinal))) && e.Target.StartsWith("Step ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_recipe_without_student_answers_ignores_the_student_and_keeps_its_stream()
    {
        var student = new LookupStudent(Recipe);
        var a = await LabDataBuilder.BuildAsync(Recipe, StrategyCatalog.Create("direct"), Corrections());
        var b = await LabDataBuilder.BuildAsync(Recipe, StrategyCatalog.Create("direct"), Corrections(), student);
        Assert.Equal(0, student.Calls);
        Assert.Equal(a.Examples.Select(e => e.Target + e.Context.Count), b.Examples.Select(e => e.Target + e.Context.Count));
        await Assert.ThrowsAsync<ArgumentException>(() => LabDataBuilder.BuildAsync(Recipe with { StudentShare = 0.5 }, StrategyCatalog.Create("direct"), Corrections()));
    }

    /// <summary>A student that answers every other question right and the rest with a plausible wrong first step.</summary>
    private sealed class LookupStudent : Microsoft.Extensions.AI.IChatClient
    {
        private readonly Dictionary<string, LabProblem> _problems = new(StringComparer.Ordinal);

        public LookupStudent(LabDataRecipe recipe)
        {
            foreach (var cell in recipe.Cells)
            {
                for (var i = 0; i < recipe.ProblemsPerCell; i++)
                {
                    var p = LabFamilies.Get(cell.Family).Generate(recipe.Seed, i, cell.Difficulty);
                    _problems.TryAdd(p.Question, p);
                }
            }
        }

        public int Calls => Options.Count;

        public List<Microsoft.Extensions.AI.ChatOptions> Options { get; } = [];

        public HashSet<string> WrongAnswers { get; } = new(StringComparer.Ordinal);

        public Task<Microsoft.Extensions.AI.ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Options.Add(options!);
            var p = _problems[messages.Last().Text];
            string text;
            if (Calls % 2 == 0)
            {
                text = p.Solution;
            }
            else
            {
                text = LabFamilies.Get(p.Family).InjectError(p, 1, new Random(Calls)).Text;
                WrongAnswers.Add(text);
            }

            return Task.FromResult(new Microsoft.Extensions.AI.ChatResponse(new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.Assistant, text)));
        }

        public IAsyncEnumerable<Microsoft.Extensions.AI.ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    [Theory]
    [InlineData(ReviewStyle.Recompute)]
    [InlineData(ReviewStyle.QuoteFirst)]
    [InlineData(ReviewStyle.QuoteEveryStep)]
    [InlineData(ReviewStyle.CompareSideBySide)]
    public async Task Reviewed_critiques_recheck_each_step_before_a_verdict_that_agrees_with_them(ReviewStyle style)
    {
        var data = await LabDataBuilder.BuildAsync(Recipe with { CritiqueReview = style }, StrategyCatalog.Create("direct"), Corrections());
        var critiques = data.Examples.Where(e => e.Role == ModelRole.Critic).ToList();
        Assert.NotEmpty(critiques);
        int right = 0, wrong = 0;
        foreach (var e in critiques)
        {
            var lines = e.Target.Split('\n');
            var verdictAt = Array.FindIndex(lines, l => l.StartsWith("All steps are correct.", StringComparison.Ordinal) || l.Contains(" is wrong: it should be ", StringComparison.Ordinal) || l.StartsWith("The steps are right but", StringComparison.Ordinal));
            Assert.True(verdictAt > 0, e.Target);
            var review = lines[..verdictAt];
            if (LabChecks.ReviewsLaterSteps(style) && lines[verdictAt].StartsWith("Step ", StringComparison.Ordinal))
            {
                // The review goes on past the named step: each later line quotes a later step.
                var named = Array.FindIndex(review, l => !l.EndsWith(": right.", StringComparison.Ordinal));
                Assert.True(named >= 0, e.Target);
                var k = int.Parse(lines[verdictAt]["Step ".Length..lines[verdictAt].IndexOf(' ', "Step ".Length)], System.Globalization.CultureInfo.InvariantCulture);
                for (var j = named + 1; j < review.Length; j++)
                {
                    Assert.Matches($"^Step ({string.Join('|', Enumerable.Range(k + 1, 12))}): ", review[j]);
                }

                review = review[..(named + 1)];
            }

            Assert.All(review[..^1], l => Assert.EndsWith(": right.", l, StringComparison.Ordinal));
            if (lines[verdictAt].StartsWith("All steps are correct.", StringComparison.Ordinal))
            {
                Assert.EndsWith(": right.", review[^1], StringComparison.Ordinal);
                right++;
            }
            else if (lines[verdictAt].StartsWith("Step ", StringComparison.Ordinal))
            {
                // The verdict names the step whose review line is the last one, and that line is not "right".
                Assert.DoesNotContain(": right.", review[^1], StringComparison.Ordinal);
                Assert.StartsWith(lines[verdictAt][..lines[verdictAt].IndexOf(" is wrong", StringComparison.Ordinal)], review[^1], StringComparison.Ordinal);
                wrong++;
            }
        }

        Assert.True(right > 10 && wrong > 10, $"{right} right and {wrong} wrong verdicts");
    }

    [Fact]
    public async Task Copy_drills_quote_a_flawed_answer_verbatim_and_leave_every_other_example_unchanged()
    {
        var plain = await LabDataBuilder.BuildAsync(Recipe, StrategyCatalog.Create("direct"), Corrections());
        var drilled = await LabDataBuilder.BuildAsync(Recipe with { CopyDrillShare = 0.3 }, StrategyCatalog.Create("direct"), Corrections());
        var drills = drilled.Examples.Where(e => e.Strategy == LabDataBuilder.CopyDrillStrategy).ToList();

        // About 30 % of the 90 problems, each drilled at most once.
        Assert.InRange(drills.Count, 15, 45);
        Assert.Equal(drills.Count, drills.Select(e => e.ProblemId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(plain.Examples.Select(e => e.Target + e.Context.Count), drilled.Examples.Where(e => e.Strategy != LabDataBuilder.CopyDrillStrategy).Select(e => e.Target + e.Context.Count));

        foreach (var e in drills)
        {
            var lab = LabSuite.FromId(e.ProblemId);
            var prompt = Assert.Single(e.Context).Text;
            Assert.Equal(ModelRole.Generator, e.Role);
            var answer = prompt[(prompt.IndexOf("Proposed answer:\n", StringComparison.Ordinal) + "Proposed answer:\n".Length)..prompt.IndexOf("\n\nQuote every step", StringComparison.Ordinal)];

            // The answer shown is flawed, and the target is its own steps, copied, not the right ones.
            Assert.NotEqual("step.ok", LabFamilies.Get(lab.Family).Check(lab, answer).Reason);
            var steps = LabSolution.Parse(answer).Steps;
            Assert.Equal(steps.Select((s, k) => $"Step {k + 1}: {s}."), e.Target.Split('\n'));
        }
    }

    [Fact]
    public async Task Worked_steps_change_only_the_arith_solutions_and_every_target_still_checks()
    {
        var plain = await LabDataBuilder.BuildAsync(Recipe, StrategyCatalog.Create("direct"), Corrections());
        var routes = await LabDataBuilder.BuildAsync(Recipe with { WorkedStepShare = 0.5 }, StrategyCatalog.Create("direct"), Corrections());

        // The same conversations in the same order: the worked-out steps use their own random stream.
        Assert.Equal(plain.Examples.Select(e => (e.ProblemId, e.Strategy, e.Role, e.Context.Count)), routes.Examples.Select(e => (e.ProblemId, e.Strategy, e.Role, e.Context.Count)));
        Assert.Equal((plain.FlawedFirstAnswers, plain.CorrectFirstAnswers), (routes.FlawedFirstAnswers, routes.CorrectFirstAnswers));

        int workedSteps = 0, arithSteps = 0;
        foreach (var (before, after) in plain.Examples.Zip(routes.Examples))
        {
            var lab = LabSuite.FromId(after.ProblemId);
            if (lab.Family != "arith")
            {
                Assert.Equal(before.Target, after.Target);
                continue;
            }

            if (after.Role == ModelRole.Generator)
            {
                Assert.Equal("step.ok", LabFamilies.Get("arith").Check(lab, after.Target).Reason);
                if (after.Strategy == "direct")
                {
                    var steps = LabSolution.Parse(after.Target).Steps;
                    arithSteps += steps.Count;
                    workedSteps += steps.Count(s => s.Contains(": ", StringComparison.Ordinal));
                }
            }
        }

        // 30 arith problems at difficulty 1 (two operations each): about half of the 60 steps worked out.
        Assert.Equal(60, arithSteps);
        Assert.InRange(workedSteps, 18, 42);
    }

    [Fact]
    public async Task Revisions_work_every_arith_step_out_and_first_answers_keep_their_route()
    {
        var routes = Recipe with { WorkedStepShare = 0.5 };
        var before = await LabDataBuilder.BuildAsync(routes, StrategyCatalog.Create("direct"), Corrections());
        var after = await LabDataBuilder.BuildAsync(routes with { RevisionWorkedStepShare = 1.0 }, StrategyCatalog.Create("direct"), Corrections());

        // The same conversations in the same order, and every first answer (the direct prompt alone in context) unchanged.
        Assert.Equal(before.Examples.Select(e => (e.ProblemId, e.Strategy, e.Role, e.Context.Count)), after.Examples.Select(e => (e.ProblemId, e.Strategy, e.Role, e.Context.Count)));
        var firstPrompts = after.Examples.Where(e => e.Strategy == "direct").Select(e => string.Join("\u0001", e.Context.Select(m => m.Text))).ToHashSet();
        int revisions = 0, arithRevisions = 0, changed = 0;
        foreach (var (b, a) in before.Examples.Zip(after.Examples))
        {
            var lab = LabSuite.FromId(a.ProblemId);
            var family = LabFamilies.Get(lab.Family);
            if (a.Role != ModelRole.Generator || firstPrompts.Contains(string.Join("\u0001", a.Context.Select(m => m.Text))))
            {
                Assert.Equal(b.Target, a.Target);
                continue;
            }

            // A revision: still a right solution, and in arith every step worked out (the operation, then ": ").
            revisions++;
            Assert.Equal("step.ok", family.Check(lab, a.Target).Reason);
            if (lab.Family == "arith")
            {
                arithRevisions++;
                Assert.All(LabSolution.Parse(a.Target).Steps, s => Assert.Contains(": ", s, StringComparison.Ordinal));
                changed += a.Target == b.Target ? 0 : 1;
            }
            else
            {
                Assert.Equal(b.Target, a.Target);
            }
        }

        Assert.InRange(revisions, 20, 200);
        Assert.InRange(arithRevisions, 5, revisions - 5);
        Assert.True(changed > 0, "no arith revision changed");
    }

    [Fact]
    public async Task Building_is_deterministic()
    {
        var a = await LabDataBuilder.BuildAsync(Recipe, StrategyCatalog.Create("direct"), Corrections());
        var b = await LabDataBuilder.BuildAsync(Recipe, StrategyCatalog.Create("direct"), Corrections());
        Assert.Equal(a.Examples.Select(e => e.Target + e.Context.Count), b.Examples.Select(e => e.Target + e.Context.Count));
    }

    [Fact]
    public async Task Examples_tokenize_with_only_the_reply_trained_and_fit_the_lab_context()
    {
        var data = await LabDataBuilder.BuildAsync(Recipe, StrategyCatalog.Create("direct"), Corrections());
        var template = new LabChatTemplate(new Rethink.Engine.Tokenization.ByteTokenizer(vocabSize: 288));
        var longest = 0;
        foreach (var e in data.Examples)
        {
            var ex = template.EncodeExample(e.Context, e.Target);
            var trained = ex.Trained.Count(t => t);
            Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(e.Target) + 1, trained);
            Assert.True(ex.Trained[^1]);
            Assert.Equal(template.EndId, ex.Tokens[^1]);
            longest = Math.Max(longest, ex.Tokens.Length);
        }

        Assert.True(longest <= LabRecipes.LabModel.ContextLength, $"longest example is {longest} tokens");
    }
}
