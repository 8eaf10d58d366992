using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Rethink.Core;
using Rethink.Evaluation.Runs;

namespace Rethink.Data.Tests;

/// <summary>A hand-built SQLite run store in a temporary directory, and hand-written trajectories with known turns, calls and verdicts.</summary>
public sealed class DataTestKit : IAsyncDisposable
{
    public const string Sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    public const string System = "Answer with the number only.";
    public const string CorrectionPrompt = "Review your previous answer. If it is wrong, give the corrected answer.";

    private DataTestKit(string directory, SqliteRunStore store)
    {
        Directory = directory;
        Store = store;
    }

    public string Directory { get; }

    public SqliteRunStore Store { get; }

    public static async Task<DataTestKit> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "rethink-data-" + Guid.NewGuid().ToString("N"));
        global::System.IO.Directory.CreateDirectory(directory);
        return new DataTestKit(directory, await SqliteRunStore.OpenAsync(Path.Combine(directory, "runs.db")));
    }

    public static RunConfiguration Config(int samples = 1, params string[] strategies) => new()
    {
        Model = new ModelDescription("lab", "tiny-1", "http://localhost:8080/v1"),
        Strategies = (strategies.Length == 0 ? ["reask"] : strategies)
            .Select(s => new StrategyDescription(s, new SortedDictionary<string, string>(StringComparer.Ordinal) { ["prompt"] = CorrectionPrompt, ["rounds"] = "1" }))
            .ToList(),
        ScoringVerifier = "numeric",
        Dataset = new DatasetDescription("data/arith.jsonl", Sha, "jsonl"),
        SamplesPerProblem = samples,
        Seed = 7,
    };

    /// <summary>A trajectory: a generate turn, then per later step an optional critique turn and a refine turn; every answer committed and scored.</summary>
    public static ScoredTrajectory Scripted(string strategy, string problemId, int sample, string question, params Step[] steps)
    {
        var turns = new List<Turn>();
        var verdicts = new List<Verdict>();
        var conversation = new List<Message> { Message.System(System), Message.User(question) };
        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            if (i > 0 && step.CriticBefore is { } critic)
            {
                var criticCall = new CallRecord
                {
                    Role = ModelRole.Critic,
                    Messages = [Message.User($"Question: {question}\nAnswer: {steps[i - 1].Answer}\nIs the answer correct?")],
                    Settings = new CallSettings { ModelId = "tiny-critic" },
                    Output = critic == VerdictLabel.Correct ? "VERDICT: correct" : critic == VerdictLabel.Incorrect ? "VERDICT: incorrect" : "hmm",
                    Usage = new TokenUsage(20, 4),
                };
                turns.Add(new Turn
                {
                    Index = turns.Count,
                    Role = TurnRole.Critique,
                    Calls = [criticCall],
                    Output = criticCall.Output,
                    Critique = new Critique(criticCall.Output, critic, CritiqueSource.Self),
                });
            }

            if (i > 0)
            {
                conversation.Add(Message.Assistant(steps[i - 1].Answer));
                conversation.Add(Message.User(CorrectionPrompt));
            }

            var call = new CallRecord
            {
                Role = ModelRole.Generator,
                Messages = conversation.ToList(),
                Settings = new CallSettings { ModelId = "tiny-1", Seed = RunConfiguration.SampleSeed(7, sample) },
                Output = step.Answer,
                Usage = new TokenUsage(10 + (5 * i), 2),
            };
            var attempt = new Attempt(step.Answer, step.Answer, call.Usage);
            turns.Add(new Turn
            {
                Index = turns.Count,
                Role = i == 0 ? TurnRole.Generate : TurnRole.Refine,
                Calls = [call],
                Output = step.Answer,
                Attempt = attempt,
                Committed = true,
            });
            verdicts.Add(step.GoldOverride == VerdictLabel.Unsure
                ? Verdict.Unsure("numeric.scoring_error", "the verifier failed")
                : step.Correct ? Verdict.Correct("numeric.equal", $"{step.Answer} equals the reference") : Verdict.Incorrect("numeric.not_equal", $"{step.Answer} differs from the reference"));
        }

        var final = turns.Last(t => t.Committed).Attempt!;
        return new ScoredTrajectory
        {
            Strategy = strategy,
            ProblemId = problemId,
            Sample = sample,
            Trajectory = new Trajectory { ProblemId = problemId, Strategy = strategy, Turns = turns, Final = final, StopReason = StopReasons.MaxRounds },
            TurnVerdicts = verdicts,
            FinalVerdict = verdicts[^1],
        };
    }

    public static ScoredTrajectory Errored(string strategy, string problemId, int sample) => new()
    {
        Strategy = strategy,
        ProblemId = problemId,
        Sample = sample,
        Trajectory = new Trajectory { ProblemId = problemId, Strategy = strategy, Turns = [], Final = new Attempt(string.Empty, null, TokenUsage.Zero), StopReason = StopReasons.Error, Error = "connection refused" },
        TurnVerdicts = [],
        FinalVerdict = Verdict.Incorrect("no_answer", "no answer"),
    };

    public async Task<string> AddRunAsync(string runId, RunConfiguration config, IEnumerable<ScoredTrajectory> scored)
    {
        await Store.CreateRunAsync(config, runId);
        var problemIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in scored)
        {
            if (!problemIndex.TryGetValue(s.ProblemId, out var index))
            {
                index = problemIndex.Count;
                problemIndex[s.ProblemId] = index;
            }

            var strategyIndex = config.Strategies.ToList().FindIndex(d => d.Name == s.Strategy);
            await Store.SaveResultAsync(runId, RunResult.Create(s, strategyIndex, index, TimeSpan.FromMilliseconds(5), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)));
        }

        return runId;
    }

    public async Task<string> AddJudgingRunAsync(string runId, IEnumerable<JudgementItem> items)
    {
        await Store.CreateRunAsync(RunDefinition.Create(RunKind.Judging, new { judge = "pairwise", model = "lab:judge-1" }), runId);
        foreach (var item in items)
        {
            await Store.SaveItemAsync(runId, new RunItem(item.PairId, JsonSerializer.Serialize(item, RunJson.Options)));
        }

        return runId;
    }

    /// <summary>The standard evaluation run: every transition, a single-attempt trajectory and an error.</summary>
    public async Task<string> AddStandardRunAsync(string runId = "eval-1")
    {
        ScoredTrajectory[] scored =
        [
            Scripted("reask", "p1", 0, "What is 6 * 7?", new Step("41", false), new Step("42", true, VerdictLabel.Incorrect)),
            Scripted("reask", "p2", 0, "What is 2 + 2?", new Step("4", true), new Step("4", true, VerdictLabel.Correct)),
            Scripted("reask", "p3", 0, "What is 9 - 3?", new Step("6", true), new Step("5", false, VerdictLabel.Incorrect)),
            Scripted("reask", "p4", 0, "What is 10 / 2?", new Step("4", false), new Step("3", false, VerdictLabel.Correct)),
            Scripted("reask", "p5", 0, "What is 1 + 1?", new Step("2", true)),
            Errored("reask", "p6", 0),
        ];
        return await AddRunAsync(runId, Config(), scored);
    }

    public static JudgementItem Pair(string pairId, string problemId, PairChoice firstOrder, PairChoice secondOrder, bool consistent, PairWinner winner, double? margin, bool? aCorrect, bool? bCorrect)
    {
        var prompt = new List<Message> { Message.User($"Question for {problemId}?") };
        var a = new JudgedResponse
        {
            Text = $"Answer A to {problemId}",
            Source = new ResponseSource { RunId = "eval-a", Strategy = "reask", StrategyFingerprint = Sha, Model = "lab:tiny-1", Sample = 0, Seed = 7, Verifier = "numeric" },
            Gold = aCorrect is null ? null : aCorrect.Value ? Verdict.Correct("numeric.equal", "equal") : Verdict.Incorrect("numeric.not_equal", "differs"),
        };
        var b = new JudgedResponse
        {
            Text = $"Answer B to {problemId}",
            Source = new ResponseSource { RunId = "eval-b", Strategy = "direct", Model = "lab:tiny-2", Sample = 1 },
            Gold = bCorrect is null ? null : bCorrect.Value ? Verdict.Correct("numeric.equal", "equal") : Verdict.Incorrect("numeric.not_equal", "differs"),
        };
        JudgedOrder Order(ResponseSide first, PairChoice choice)
        {
            var (x, y) = first == ResponseSide.A ? (a, b) : (b, a);
            return new JudgedOrder
            {
                First = first,
                Messages = [Message.System("Compare the two answers."), Message.User($"Q: {prompt[0].Text}\n[1] {x.Text}\n[2] {y.Text}\nWhich is better?")],
                RawOutput = choice switch { PairChoice.First => "[[1]]", PairChoice.Second => "[[2]]", PairChoice.Tie => "[[tie]]", _ => "I cannot decide." },
                Choice = choice,
                Reason = "pairwise." + choice.ToString().ToLowerInvariant(),
            };
        }

        return new JudgementItem
        {
            PairId = pairId,
            ProblemId = problemId,
            Dataset = new DatasetDescription("data/arith.jsonl", Sha, "jsonl"),
            Prompt = prompt,
            A = a,
            B = b,
            Orders = [Order(ResponseSide.A, firstOrder), Order(ResponseSide.B, secondOrder)],
            Consistent = consistent,
            Winner = winner,
            Margin = margin,
            Judge = new JudgeIdentity { Name = "pairwise", Model = "lab:judge-1", SettingsFingerprint = Sha },
            Reason = consistent ? "pairwise.consistent" : "pairwise.inconsistent",
        };
    }

    /// <summary>The standard judged pairs: a consistent win with gold agreement, an inconsistent pair, a tie, a low-margin win without gold, a win against gold.</summary>
    public static IReadOnlyList<JudgementItem> StandardPairs() =>
    [
        Pair("pair-1", "p1", PairChoice.First, PairChoice.Second, true, PairWinner.A, 0.8, true, false),
        Pair("pair-2", "p2", PairChoice.First, PairChoice.First, false, PairWinner.Tie, null, true, false),
        Pair("pair-3", "p3", PairChoice.Tie, PairChoice.Tie, true, PairWinner.Tie, 0.0, true, true),
        Pair("pair-4", "p4", PairChoice.Second, PairChoice.First, true, PairWinner.B, 0.1, null, null),
        Pair("pair-5", "p5", PairChoice.Second, PairChoice.First, true, PairWinner.B, 0.9, true, false),
    ];

    public static async Task<byte[]> WriteAsync(ExportPipeline pipeline, string format)
    {
        using var output = new MemoryStream();
        await pipeline.WriteAsync(output, format);
        return output.ToArray();
    }

    public static string[] Lines(byte[] bytes) => Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            global::System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle may still be open; the OS temp cleanup takes it.
        }
    }
}
