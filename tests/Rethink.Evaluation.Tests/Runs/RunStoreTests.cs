using System.Text.Json;
using Microsoft.Data.Sqlite;
using Rethink.Core;
using Rethink.Evaluation.Runs;
using Rethink.Evaluation.Tests.Runs.Fakes;

namespace Rethink.Evaluation.Tests.Runs;

public sealed class RunStoreTests
{
    private static ScoredTrajectory Scored(string strategy, string problemId, int sample, string stopReason = StopReasons.MaxRounds, string answer = "42")
    {
        var generate = new CallRecord
        {
            Role = ModelRole.Generator,
            Messages = [Message.System("Be exact."), Message.User("Ünïcödé question 名前 '); DROP TABLE results;-- \u001b[2J")],
            Settings = new CallSettings { ModelId = "m", Temperature = 0.7f, TopP = 0.9f, MaxOutputTokens = 100, Seed = 1_000_010, StopSequences = ["\n\n"] },
            Output = $"work\n{answer}",
            Usage = new TokenUsage(12, 7),
            Latency = TimeSpan.FromMilliseconds(12.5),
            SampleIndex = 2,
            FinishReason = "stop",
            MeanLogProb = -0.25,
        };
        var critic = new CallRecord
        {
            Role = ModelRole.Critic,
            Messages = [Message.User("Check it.")],
            Output = "Looks wrong at step 2.",
            Usage = new TokenUsage(30, 9),
            Cached = true,
        };
        var first = new Attempt("work\n41", "41", new TokenUsage(12, 7)) { MeanLogProb = -0.25 };
        var second = new Attempt($"work\n{answer}", answer, new TokenUsage(5, 3));
        var trajectory = new Trajectory
        {
            ProblemId = problemId,
            Strategy = strategy,
            Turns =
            [
                new Turn { Index = 0, Role = TurnRole.Generate, Calls = [generate], Output = "work\n41", Attempt = first, Committed = true },
                new Turn
                {
                    Index = 1,
                    Role = TurnRole.Critique,
                    Calls = [critic],
                    Output = critic.Output,
                    Critique = new Critique(critic.Output, VerdictLabel.Incorrect, CritiqueSource.Self) { ErrorLocation = "2", Score = 0.3 },
                },
                new Turn { Index = 2, Role = TurnRole.Refine, Output = second.Text, Attempt = second, Committed = true, Verdict = Verdict.Unsure("x.y", "because") with { Score = 0.5 } },
            ],
            Final = second,
            StopReason = stopReason,
            SawVerifier = true,
            Error = stopReason == StopReasons.Error ? "boom" : null,
        };
        return new ScoredTrajectory
        {
            Strategy = strategy,
            ProblemId = problemId,
            Sample = sample,
            Trajectory = trajectory,
            TurnVerdicts = [Verdict.Incorrect("gold.not_equal", "41 != 42"), Verdict.Correct("gold.equal", "42")],
            FinalVerdict = Verdict.Correct("gold.equal", "42"),
        };
    }

    private static RunResult Result(ScoredTrajectory scored, int strategyIndex = 0, int problemIndex = 0) =>
        RunResult.Create(scored, strategyIndex, problemIndex, TimeSpan.FromMilliseconds(250), new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Created_run_is_listed_and_its_configuration_round_trips()
    {
        await using var kit = new RunTestKit();
        await using var store = await RunStore.OpenAsync(kit.DbPath);
        var config = RunTestKit.Config([new RefineStrategy(rounds: 3, prompt: "Line one.\nLine two: {answer}")], samples: 3) with
        {
            Components = new Dictionary<string, string> { ["critic_model"] = "fake:critic" },
            ProblemTimeout = TimeSpan.FromSeconds(30),
            Budgets = new RunBudgets { MaxTokensPerProblem = 500, MaxRunCost = 2.5m, InputPricePerMillion = 0.15m, OutputPricePerMillion = 0.6m },
        };

        var info = await store.CreateRunAsync(config, "run-1");
        var runs = await store.ListRunsAsync();
        var loaded = await store.LoadConfigurationAsync("run-1");

        Assert.Equal("run-1", Assert.Single(runs).Id);
        Assert.Equal(RunStatus.Created, runs[0].Status);
        Assert.Equal(config.Fingerprint(), info.Fingerprint);
        Assert.Equal(config.Fingerprint(), loaded.Fingerprint());
        Assert.Empty(loaded.ChangesFrom(config));
        Assert.Equal(JsonSerializer.Serialize(config, RunJson.Options), JsonSerializer.Serialize(loaded, RunJson.Options));
        Assert.Equal(TimeSpan.FromSeconds(30), loaded.ProblemTimeout);
        Assert.Equal(2.5m, loaded.Budgets.MaxRunCost);
    }

    [Fact]
    public async Task Creating_a_run_with_an_existing_id_is_refused()
    {
        await using var kit = new RunTestKit();
        await using var store = await RunStore.OpenAsync(kit.DbPath);
        var config = RunTestKit.Config([new RefineStrategy()]);
        await store.CreateRunAsync(config, "same");

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateRunAsync(config, "same"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateRunAsync(config, "../escape"));
    }

    [Fact]
    public async Task Result_round_trips_exactly_with_usage_by_role_and_billed_usage()
    {
        await using var kit = new RunTestKit();
        await using var store = await RunStore.OpenAsync(kit.DbPath);
        await store.CreateRunAsync(RunTestKit.Config([new RefineStrategy()]), "r");
        var scored = Scored("fake-refine", "p1", 0);

        Assert.True(await store.SaveResultAsync("r", Result(scored)));
        var loaded = Assert.Single(await store.LoadResultsAsync("r"));

        Assert.Equal(JsonSerializer.Serialize(scored, RunJson.Options), JsonSerializer.Serialize(loaded.Scored, RunJson.Options));
        Assert.Equal(2, loaded.Scored.Trajectory.CommittedAttempts.Count);
        Assert.Equal(new TokenUsage(12, 7), loaded.UsageByRole[ModelRole.Generator]);
        Assert.Equal(new TokenUsage(30, 9), loaded.UsageByRole[ModelRole.Critic]);
        Assert.Equal(new TokenUsage(12, 7), loaded.BilledUsage); // the cached critic call is not billed
        Assert.Equal(TimeSpan.FromMilliseconds(250), loaded.Latency);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), loaded.FinishedAt);
        Assert.Equal(1, await store.CountFinishedAsync("r"));
    }

    [Fact]
    public async Task A_key_is_never_stored_twice()
    {
        await using var kit = new RunTestKit();
        await using var store = await RunStore.OpenAsync(kit.DbPath);
        await store.CreateRunAsync(RunTestKit.Config([new RefineStrategy()]), "r");

        Assert.True(await store.SaveResultAsync("r", Result(Scored("fake-refine", "p1", 0, answer: "first"))));
        Assert.False(await store.SaveResultAsync("r", Result(Scored("fake-refine", "p1", 0, answer: "second"))));
        Assert.True(await store.SaveResultAsync("r", Result(Scored("fake-refine", "p1", 1))));

        var loaded = await store.LoadScoredTrajectoriesAsync("r");
        Assert.Equal(2, loaded.Count);
        Assert.Equal("first", loaded[0].Trajectory.Final.Answer);
    }

    [Fact]
    public async Task A_stored_error_is_replaced_by_a_later_result_and_is_not_finished()
    {
        await using var kit = new RunTestKit();
        await using var store = await RunStore.OpenAsync(kit.DbPath);
        await store.CreateRunAsync(RunTestKit.Config([new RefineStrategy()]), "r");

        Assert.True(await store.SaveResultAsync("r", Result(Scored("fake-refine", "p1", 0, StopReasons.Error))));
        Assert.Empty(await store.GetFinishedKeysAsync("r"));
        Assert.Equal(0, await store.CountFinishedAsync("r"));
        Assert.Equal(1, await store.CountResultsAsync("r"));

        Assert.True(await store.SaveResultAsync("r", Result(Scored("fake-refine", "p1", 0))));
        var only = Assert.Single(await store.LoadScoredTrajectoriesAsync("r"));
        Assert.Equal(StopReasons.MaxRounds, only.Trajectory.StopReason);
        Assert.Equal(new ResultKey("fake-refine", "p1", 0), Assert.Single(await store.GetFinishedKeysAsync("r")));
    }

    [Fact]
    public async Task A_crash_inside_the_result_transaction_leaves_no_row()
    {
        await using var kit = new RunTestKit();
        await using var store = await RunStore.OpenAsync(kit.DbPath);
        await store.CreateRunAsync(RunTestKit.Config([new RefineStrategy()]), "r");
        store.WriteStepHook = step => throw new IOException($"simulated crash after {step}");

        var crash = await Assert.ThrowsAsync<IOException>(() => store.SaveResultAsync("r", Result(Scored("fake-refine", "p1", 0))));
        Assert.Contains("result.inserted", crash.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.CountResultsAsync("r"));
        Assert.Equal("ok", await store.CheckIntegrityAsync());

        // A second process opening the file sees nothing of the failed write either.
        await using (var other = await RunStore.OpenAsync(kit.DbPath))
        {
            Assert.Empty(await other.LoadResultsAsync("r"));
        }

        store.WriteStepHook = null;
        Assert.True(await store.SaveResultAsync("r", Result(Scored("fake-refine", "p1", 0))));
        Assert.Equal(1, await store.CountResultsAsync("r"));
    }

    [Fact]
    public async Task Results_load_in_a_fixed_order_whatever_the_insert_order()
    {
        await using var kit = new RunTestKit();
        await using var store = await RunStore.OpenAsync(kit.DbPath);
        await store.CreateRunAsync(RunTestKit.Config([new RefineStrategy("b"), new RefineStrategy("a")]), "r");
        var keys = (from s in new[] { (Name: "b", Index: 0), (Name: "a", Index: 1) }
                    from p in Enumerable.Range(0, 12)
                    from sample in Enumerable.Range(0, 2)
                    select (s.Name, s.Index, Problem: p, Sample: sample)).ToList();
        var shuffled = keys.ToArray();
        new Random(42).Shuffle(shuffled);

        foreach (var k in shuffled)
        {
            await store.SaveResultAsync("r", Result(Scored(k.Name, $"p{k.Problem}", k.Sample), k.Index, k.Problem));
        }

        var loaded = await store.LoadScoredTrajectoriesAsync("r");
        Assert.Equal(keys.Select(k => $"{k.Name}/p{k.Problem}/{k.Sample}"), loaded.Select(s => $"{s.Strategy}/{s.ProblemId}/{s.Sample}"));
    }

    [Fact]
    public async Task Status_and_message_are_stored()
    {
        await using var kit = new RunTestKit();
        await using var store = await RunStore.OpenAsync(kit.DbPath);
        await store.CreateRunAsync(RunTestKit.Config([new RefineStrategy()]), "r");

        await store.SetStatusAsync("r", RunStatus.BudgetStopped, "budget reached");
        var info = await store.GetRunAsync("r");

        Assert.Equal(RunStatus.BudgetStopped, info!.Status);
        Assert.Equal("budget reached", info.Message);
        Assert.Null(await store.GetRunAsync("missing"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.LoadConfigurationAsync("missing"));
    }

    [Fact]
    public async Task A_file_from_a_newer_schema_is_refused()
    {
        await using var kit = new RunTestKit();
        await using (var store = await RunStore.OpenAsync(kit.DbPath))
        {
            Assert.Equal("ok", await store.CheckIntegrityAsync());
        }

        using (var connection = new SqliteConnection($"Data Source={kit.DbPath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_version (version) VALUES (99)";
            command.ExecuteNonQuery();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunStore.OpenAsync(kit.DbPath));
        Assert.Contains("schema 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_uses_wal_journaling()
    {
        await using var kit = new RunTestKit();
        await using var store = await RunStore.OpenAsync(kit.DbPath);
        using var connection = new SqliteConnection($"Data Source={kit.DbPath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", command.ExecuteScalar() as string);
    }
}
