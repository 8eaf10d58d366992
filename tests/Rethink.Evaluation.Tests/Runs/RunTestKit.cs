using System.Text.Json;
using Microsoft.Data.Sqlite;
using Rethink.Core;
using Rethink.Evaluation.Runs;
using Rethink.Evaluation.Tests.Runs.Fakes;
using Rethink.Testing;

namespace Rethink.Evaluation.Tests.Runs;

/// <summary>Shared helpers for the run tests: a temporary directory, configurations, problems and plans.</summary>
public sealed class RunTestKit : IAsyncDisposable
{
    public RunTestKit()
    {
        Directory = Path.Combine(Path.GetTempPath(), "rethink-runs-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string DbPath => Path.Combine(Directory, "runs.db");

    public static FakeVerifier Verifier { get; } = new("gold", (problem, attempt) =>
        attempt.Answer is null
            ? Verdict.Incorrect("gold.no_answer", "no answer")
            : attempt.Answer == problem.Reference.Answer
                ? Verdict.Correct("gold.equal", "equal")
                : Verdict.Incorrect("gold.not_equal", "not equal"));

    public static List<Problem> Problems(int count) =>
        Enumerable.Range(1, count)
            .Select(i => Problem.FromQuestion($"p{i}", $"q{i}", new Reference { Kind = AnswerKind.Exact, Answer = $"a{i}" }))
            .ToList();

    public static RunConfiguration Config(IEnumerable<IStrategy> strategies, int samples = 1, int concurrency = 2, string sha = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") => new()
    {
        Model = new ModelDescription("fake", "fake-model", "http://localhost:1234/v1"),
        Strategies = strategies.Select(StrategyDescription.From).ToList(),
        ScoringVerifier = Verifier.Name,
        Dataset = new DatasetDescription("data/test.jsonl", sha, "jsonl"),
        SamplesPerProblem = samples,
        Seed = 7,
        Chat = new RunChatSettings { Temperature = 0.5f, MaxOutputTokens = 64 },
        Concurrency = concurrency,
    };

    public static RunPlan Plan(RunConfiguration config, IReadOnlyList<IStrategy> strategies, IEnumerable<Problem> problems, Microsoft.Extensions.AI.IChatClient model, SecretScrubber? scrubber = null) => new()
    {
        Configuration = config,
        Problems = problems.ToList(),
        Strategies = strategies,
        ContextFactory = _ => new StrategyContext { Generator = model },
        ScoringVerifier = Verifier,
        Scrubber = scrubber ?? SecretScrubber.Default,
    };

    /// <summary>The scored trajectories as JSON with call latencies zeroed (wall-clock time is the only thing allowed to differ between runs).</summary>
    public static List<string> Normalized(IEnumerable<ScoredTrajectory> scored) =>
        scored.Select(s => JsonSerializer.Serialize(
                s with
                {
                    Trajectory = s.Trajectory with
                    {
                        Turns = s.Trajectory.Turns.Select(t => t with { Calls = t.Calls.Select(c => c with { Latency = TimeSpan.Zero }).ToList() }).ToList(),
                    },
                },
                RunJson.Options))
            .ToList();

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle of a parallel test may still be open; the OS temp cleanup takes it.
        }

        return ValueTask.CompletedTask;
    }
}
