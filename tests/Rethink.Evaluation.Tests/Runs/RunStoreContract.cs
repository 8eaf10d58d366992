using System.Text.Json;
using Rethink.Core;
using Rethink.Evaluation.Runs;
using Rethink.Evaluation.Tests.Runs.Fakes;

namespace Rethink.Evaluation.Tests.Runs;

/// <summary>
/// The contract every <see cref="IRunStore"/> implementation must pass: derive from this class and say how to open a
/// fresh store (and the same store again) in a test kit's directory. The tests use only the interface.
/// </summary>
public abstract class RunStoreContract
{
    /// <summary>Opens the store of <paramref name="kit"/>: empty the first time, the same data when opened again.</summary>
    protected abstract Task<IRunStore> OpenAsync(RunTestKit kit);

    internal static ScoredTrajectory Scored(string strategy, string problemId, int sample, string stopReason = StopReasons.MaxRounds, string answer = "42")
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

    internal static RunResult Result(ScoredTrajectory scored, int strategyIndex = 0, int problemIndex = 0) =>
        RunResult.Create(scored, strategyIndex, problemIndex, TimeSpan.FromMilliseconds(250), new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Created_run_is_listed_and_its_configuration_round_trips()
    {
        await using var kit = new RunTestKit();
        await using var store = await OpenAsync(kit);
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
        await using var store = await OpenAsync(kit);
        var config = RunTestKit.Config([new RefineStrategy()]);
        await store.CreateRunAsync(config, "same");

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateRunAsync(config, "same"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateRunAsync(config, "../escape"));
    }

    [Fact]
    public async Task Result_round_trips_exactly_with_usage_by_role_and_billed_usage()
    {
        await using var kit = new RunTestKit();
        await using var store = await OpenAsync(kit);
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
        await using var store = await OpenAsync(kit);
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
        await using var store = await OpenAsync(kit);
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
    public async Task Results_load_in_a_fixed_order_whatever_the_insert_order()
    {
        await using var kit = new RunTestKit();
        await using var store = await OpenAsync(kit);
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
        await using var store = await OpenAsync(kit);
        await store.CreateRunAsync(RunTestKit.Config([new RefineStrategy()]), "r");

        await store.SetStatusAsync("r", RunStatus.BudgetStopped, "budget reached");
        var info = await store.GetRunAsync("r");

        Assert.Equal(RunStatus.BudgetStopped, info!.Status);
        Assert.Equal("budget reached", info.Message);
        Assert.Null(await store.GetRunAsync("missing"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.LoadConfigurationAsync("missing"));
    }

    [Fact]
    public async Task Unknown_runs_are_refused_by_every_member()
    {
        await using var kit = new RunTestKit();
        await using var store = await OpenAsync(kit);

        Assert.Null(await store.GetRunAsync("missing"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.LoadDefinitionAsync("missing"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.SetStatusAsync("missing", RunStatus.Running));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.SaveResultAsync("missing", Result(Scored("s", "p", 0))));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.SaveItemAsync("missing", new RunItem("k", "{}")));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.LoadItemsAsync("missing"));
    }

    [Fact]
    public async Task Runs_of_every_kind_keep_their_kind_definition_and_items()
    {
        await using var kit = new RunTestKit();
        await using (var store = await OpenAsync(kit))
        {
            await store.CreateRunAsync(RunTestKit.Config([new RefineStrategy()]), "eval");
            foreach (var kind in RunKind.All.Where(k => k != RunKind.Evaluation))
            {
                var definition = RunDefinition.Create(kind, new Dictionary<string, string> { ["kind"] = kind, ["judge"] = "lab:critique" });
                var info = await store.CreateRunAsync(definition, kind);
                Assert.Equal(kind, info.Kind);
                Assert.True(await store.SaveItemAsync(kind, new RunItem("pair/2", """{"winner":"b"}""")));
                Assert.True(await store.SaveItemAsync(kind, new RunItem("pair/1", """{"winner":"a"}""")));
                Assert.False(await store.SaveItemAsync(kind, new RunItem("pair/1", """{"winner":"changed"}""")));
            }
        }

        // Everything survives a reopen, items in the order they were stored and never replaced.
        await using var reopened = await OpenAsync(kit);
        var runs = await reopened.ListRunsAsync();
        Assert.Equal(RunKind.All.Order(StringComparer.Ordinal), runs.Select(r => r.Kind).Order(StringComparer.Ordinal));
        Assert.Equal(RunKind.Evaluation, runs.Single(r => r.Id == "eval").Kind);
        var judging = await reopened.LoadDefinitionAsync(RunKind.Judging);
        Assert.Equal(RunKind.Judging, judging.Kind);
        Assert.Contains("lab:critique", judging.ConfigurationJson, StringComparison.Ordinal);
        var items = await reopened.LoadItemsAsync(RunKind.Judging);
        Assert.Equal(["pair/2", "pair/1"], items.Select(i => i.Key));
        Assert.Equal("""{"winner":"a"}""", items[1].PayloadJson);
        Assert.Empty(await reopened.LoadItemsAsync("eval"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => reopened.LoadConfigurationAsync(RunKind.Judging));
    }

    [Fact]
    public async Task Bad_kinds_and_item_keys_are_refused()
    {
        await using var kit = new RunTestKit();
        await using var store = await OpenAsync(kit);
        await store.CreateRunAsync(RunDefinition.Create(RunKind.Annotation, new { labels = "a,b" }), "a");

        Assert.Throws<ArgumentException>(() => RunDefinition.Create("poetry", new { }));
        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateRunAsync(new RunDefinition("poetry", "{}", "f"), "x"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveItemAsync("a", new RunItem("has space", "{}")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveItemAsync("a", new RunItem(new string('k', 257), "{}")));
    }

    [Fact]
    public async Task Definitions_of_other_kinds_are_fingerprinted_by_their_content_and_stored_without_secrets()
    {
        var secret = "sk-" + new string('x', 24);
        var scrubber = new SecretScrubber([secret]);
        var a = RunDefinition.Create(RunKind.SelfPlay, new { game = "deal", seed = 1, key = secret }, scrubber);
        var b = RunDefinition.Create(RunKind.SelfPlay, new { game = "deal", seed = 2, key = secret }, scrubber);
        var same = RunDefinition.Create(RunKind.SelfPlay, new { game = "deal", seed = 1, key = secret }, scrubber);

        Assert.NotEqual(a.Fingerprint, b.Fingerprint);
        Assert.Equal(a.Fingerprint, same.Fingerprint);
        Assert.DoesNotContain(secret, a.ConfigurationJson, StringComparison.Ordinal);

        await using var kit = new RunTestKit();
        await using var store = await OpenAsync(kit);
        await store.CreateRunAsync(a, "sp");
        Assert.Equal(a, await store.LoadDefinitionAsync("sp"));
    }

    [Fact]
    public async Task Concurrent_writers_never_store_a_key_twice()
    {
        await using var kit = new RunTestKit();
        await using var store = await OpenAsync(kit);
        await store.CreateRunAsync(RunTestKit.Config([new RefineStrategy()]), "r");
        await store.CreateRunAsync(RunDefinition.Create(RunKind.Judging, new { }), "j");

        var saved = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
            (await store.SaveResultAsync("r", Result(Scored("fake-refine", "p" + (i % 4), 0))) ? 1 : 0)
            + (await store.SaveItemAsync("j", new RunItem("k" + (i % 4), "{}")) ? 1 : 0))));

        Assert.Equal(8, saved.Sum());
        Assert.Equal(4, await store.CountResultsAsync("r"));
        Assert.Equal(4, (await store.LoadItemsAsync("j")).Count);
    }
}
