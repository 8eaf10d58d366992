using System.Text;
using Rethink.Core;
using Rethink.Evaluation.Runs;
using Rethink.Evaluation.Tests.Runs.Fakes;
using Rethink.Testing;

namespace Rethink.Evaluation.Tests.Runs;

public sealed class EvaluationRunnerTests
{
    [Fact]
    public async Task Every_key_is_stored_once_and_every_committed_attempt_is_scored()
    {
        await using var kit = new RunTestKit();
        await using var store = await SqliteRunStore.OpenAsync(kit.DbPath);
        var model = new FakeModel();
        IStrategy[] strategies = [new RefineStrategy("refine", rounds: 2), new RefineStrategy("direct", rounds: 0)];
        var config = RunTestKit.Config(strategies, samples: 2, concurrency: 3);
        var progress = new List<RunProgress>();

        var outcome = await new EvaluationRunner(store).StartAsync(
            RunTestKit.Plan(config, strategies, RunTestKit.Problems(4), model), "run", new SynchronousProgress<RunProgress>(progress.Add));

        var results = await store.LoadScoredTrajectoriesAsync("run");
        Assert.Equal(RunStatus.Completed, outcome.Status);
        Assert.Equal(16, outcome.Total);
        Assert.Equal(16, outcome.Finished);
        Assert.Equal(16, results.Count);
        Assert.Equal(16, results.Select(r => (r.Strategy, r.ProblemId, r.Sample)).Distinct().Count());
        Assert.Equal(4 * 2 * 3 + 4 * 2 * 1, model.CallCount);
        foreach (var result in results)
        {
            var committed = result.Trajectory.CommittedAttempts;
            Assert.Equal(result.Strategy == "refine" ? 3 : 1, committed.Count);
            Assert.Equal(committed.Count, result.TurnVerdicts.Count);
            for (var i = 0; i < committed.Count; i++)
            {
                var expected = committed[i].Answer == $"a{result.ProblemId[1..]}";
                Assert.Equal(expected, result.TurnVerdicts[i].IsCorrect);
            }

            Assert.Equal(result.TurnVerdicts[^1], result.FinalVerdict);
        }

        // Order: strategy as configured, then dataset order, then sample.
        Assert.Equal("refine/p1/0", $"{results[0].Strategy}/{results[0].ProblemId}/{results[0].Sample}");
        Assert.Equal("direct/p4/1", $"{results[^1].Strategy}/{results[^1].ProblemId}/{results[^1].Sample}");

        // Sample s runs with seed base + s * 1000003 and carries its run sample index.
        Assert.All(model.Calls, c => Assert.Equal(RunConfiguration.SampleSeed(7, c.RunSample!.Value), c.Options!.Seed));
        Assert.Equal(new[] { 0, 1 }, model.Calls.Select(c => c.RunSample!.Value).Distinct().Order());
        Assert.All(model.Calls, c => Assert.Equal(0.5f, c.Options!.Temperature));

        var last = progress[^1];
        Assert.Equal(16, last.Done);
        Assert.Equal(16, last.Total);
        Assert.Equal(model.CallCount * 15L, last.Tokens.TotalTokens);
        Assert.Equal(TimeSpan.Zero, last.Eta);
        Assert.Equal(RunStatus.Completed, (await store.GetRunAsync("run"))!.Status);
    }

    [Fact]
    public async Task A_problem_with_a_given_answer_starts_every_trajectory_from_it_without_a_model_call()
    {
        await using var kit = new RunTestKit();
        await using var store = await SqliteRunStore.OpenAsync(kit.DbPath);
        var model = new FakeModel { Respond = _ => "step\nrevised" };
        IStrategy[] strategies = [new RefineStrategy("refine", rounds: 1)];
        var problems = RunTestKit.Problems(3);
        problems[0] = problems[0] with { GivenAnswer = "given\na1" };
        problems[1] = problems[1] with { GivenAnswer = "given\nwrong", GivenAnswerErrorLocation = " 2 " };

        await new EvaluationRunner(store).StartAsync(RunTestKit.Plan(RunTestKit.Config(strategies, samples: 2), strategies, problems, model), "run");

        var results = (await store.LoadScoredTrajectoriesAsync("run")).ToDictionary(r => (r.ProblemId, r.Sample));
        foreach (var sample in new[] { 0, 1 })
        {
            // The first committed answer is the given one, scored as it is, and billed nothing; the refine saw it.
            var right = results[("p1", sample)].Trajectory;
            Assert.Equal("given\na1", right.Turns[0].Output);
            Assert.Equal(0, right.Turns[0].Calls[0].Usage.TotalTokens);
            Assert.True(results[("p1", sample)].TurnVerdicts[0].IsCorrect);
            Assert.False(results[("p2", sample)].TurnVerdicts[0].IsCorrect);

            // The dataset's location of the given answer's error is the gold one (a bare number is a step); the
            // model's own later answers get none.
            Assert.Equal("step 2", results[("p2", sample)].TurnVerdicts[0].ErrorLocation);
            Assert.Null(results[("p2", sample)].TurnVerdicts[1].ErrorLocation);
            Assert.Null(results[("p1", sample)].TurnVerdicts[0].ErrorLocation);
            Assert.Equal("step\nrevised", right.Turns[1].Output);
            Assert.Equal(15, right.Turns[1].Calls[0].Usage.TotalTokens);

            // A problem without one is answered by the model.
            Assert.Equal("step\nrevised", results[("p3", sample)].Trajectory.Turns[0].Output);
        }

        // 2 samples: one refine call each on p1 and p2, two calls each on p3.
        Assert.Equal(2 * (1 + 1 + 2), model.CallCount);
        Assert.Contains(model.Calls, c => c.Messages.Any(m => m.Role == Microsoft.Extensions.AI.ChatRole.Assistant && m.Text == "given\nwrong"));
    }

    [Fact]
    public async Task A_run_cancelled_after_k_calls_and_resumed_equals_an_uninterrupted_run()
    {
        await using var kit = new RunTestKit();
        await using var store = await SqliteRunStore.OpenAsync(kit.DbPath);
        IStrategy[] strategies = [new RefineStrategy("refine", rounds: 2)];
        var problems = RunTestKit.Problems(8);
        var config = RunTestKit.Config(strategies, samples: 2, concurrency: 3);

        var reference = await new EvaluationRunner(store).StartAsync(RunTestKit.Plan(config, strategies, problems, new FakeModel()), "uninterrupted");
        Assert.Equal(RunStatus.Completed, reference.Status);

        using var cts = new CancellationTokenSource();
        const int K = 17;
        var interrupted = new FakeModel
        {
            BeforeReply = (call, _) =>
            {
                if (call.Number == K)
                {
                    cts.Cancel();
                }

                return Task.CompletedTask;
            },
        };
        var first = await new EvaluationRunner(store).StartAsync(RunTestKit.Plan(config, strategies, problems, interrupted), "resumable", cancellationToken: cts.Token);

        Assert.Equal(RunStatus.Interrupted, first.Status);
        Assert.Equal(RunStatus.Interrupted, (await store.GetRunAsync("resumable"))!.Status);
        var partialCount = await store.CountResultsAsync("resumable");
        Assert.InRange(partialCount, 1, 16 - 1);
        Assert.All(await store.LoadScoredTrajectoriesAsync("resumable"), s => Assert.Equal(StopReasons.MaxRounds, s.Trajectory.StopReason));

        var resumedModel = new FakeModel();
        var resumed = await new EvaluationRunner(store).RunAsync("resumable", RunTestKit.Plan(config, strategies, problems, resumedModel));

        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal(16 - partialCount, resumed.StoredThisSession);
        Assert.Equal((16 - partialCount) * 3, resumedModel.CallCount);
        Assert.Equal(
            RunTestKit.Normalized(await store.LoadScoredTrajectoriesAsync("uninterrupted")),
            RunTestKit.Normalized(await store.LoadScoredTrajectoriesAsync("resumable")));

        // Resuming a completed run runs nothing and duplicates nothing.
        var again = new FakeModel();
        var noop = await new EvaluationRunner(store).RunAsync("resumable", RunTestKit.Plan(config, strategies, problems, again));
        Assert.Equal(0, again.CallCount);
        Assert.Equal(0, noop.StoredThisSession);
        Assert.Equal(16, await store.CountResultsAsync("resumable"));
    }

    [Fact]
    public async Task Resuming_with_a_changed_configuration_is_refused_naming_each_change()
    {
        await using var kit = new RunTestKit();
        await using var store = await SqliteRunStore.OpenAsync(kit.DbPath);
        IStrategy[] strategies = [new RefineStrategy("self-refine", rounds: 3)];
        var problems = RunTestKit.Problems(2);
        var config = RunTestKit.Config(strategies);
        await store.CreateRunAsync(config, "r");
        var model = new FakeModel();
        var runner = new EvaluationRunner(store);

        var modelChanged = await Assert.ThrowsAsync<RunConfigurationMismatchException>(() => runner.RunAsync("r",
            RunTestKit.Plan(config with { Model = new ModelDescription("fake", "fake-model-2", "http://localhost:1234/v1") }, strategies, problems, model)));
        Assert.Equal(new[] { "model id changed from fake-model to fake-model-2" }, modelChanged.Changes);

        IStrategy[] moreRounds = [new RefineStrategy("self-refine", rounds: 4)];
        var settingChanged = await Assert.ThrowsAsync<RunConfigurationMismatchException>(() => runner.RunAsync("r",
            RunTestKit.Plan(RunTestKit.Config(moreRounds), moreRounds, problems, model)));
        Assert.Contains("strategy self-refine setting 'max_rounds' changed from 3 to 4", settingChanged.Message, StringComparison.Ordinal);

        IStrategy[] newPrompt = [new RefineStrategy("self-refine", rounds: 3, prompt: "Try again.")];
        var promptChanged = await Assert.ThrowsAsync<RunConfigurationMismatchException>(() => runner.RunAsync("r",
            RunTestKit.Plan(RunTestKit.Config(newPrompt), newPrompt, problems, model)));
        Assert.Equal(new[] { "strategy self-refine setting 'refine_prompt' changed from Improve your answer. to Try again." }, promptChanged.Changes);

        var datasetChanged = await Assert.ThrowsAsync<RunConfigurationMismatchException>(() => runner.RunAsync("r",
            RunTestKit.Plan(RunTestKit.Config(strategies, sha: "cd34" + new string('0', 60)), strategies, problems, model)));
        Assert.Equal(new[] { "dataset content changed (sha256 aaaaaaaaaaaa.. -> cd3400000000..)" }, datasetChanged.Changes);

        Assert.Equal(0, model.CallCount);
        Assert.Equal(0, await store.CountResultsAsync("r"));
        Assert.Equal(RunStatus.Created, (await store.GetRunAsync("r"))!.Status);
    }

    [Fact]
    public async Task The_concurrency_bound_is_respected_and_reached()
    {
        await using var kit = new RunTestKit();
        await using var store = await SqliteRunStore.OpenAsync(kit.DbPath);
        const int Bound = 3;
        const int Problems = 12;
        var gate = new WaveGate(Bound, Problems, TimeSpan.FromMilliseconds(300));
        var model = new FakeModel { BeforeReply = (_, ct) => gate.EnterAsync(ct) };
        IStrategy[] strategies = [new RefineStrategy("direct", rounds: 0)];

        var outcome = await new EvaluationRunner(store).StartAsync(
            RunTestKit.Plan(RunTestKit.Config(strategies, concurrency: Bound), strategies, RunTestKit.Problems(Problems), model), "r");

        Assert.Equal(RunStatus.Completed, outcome.Status);
        Assert.Equal(Problems, model.CallCount);
        Assert.Equal(Bound, gate.MaxInFlight);
        Assert.Equal(Bound, model.MaxInFlight);
    }

    [Fact]
    public async Task A_user_cancellation_stores_nothing_that_was_in_flight()
    {
        await using var kit = new RunTestKit();
        await using var store = await SqliteRunStore.OpenAsync(kit.DbPath);
        using var cts = new CancellationTokenSource();
        var model = new FakeModel
        {
            BeforeReply = (call, _) =>
            {
                if (call.FirstUserText == "q2")
                {
                    cts.Cancel();
                }

                return Task.CompletedTask;
            },
        };
        IStrategy[] strategies = [new RefineStrategy("refine", rounds: 1)];
        var config = RunTestKit.Config(strategies, concurrency: 1) with { ProblemTimeout = TimeSpan.FromMinutes(5) };

        var outcome = await new EvaluationRunner(store).StartAsync(RunTestKit.Plan(config, strategies, RunTestKit.Problems(4), model), "r", cancellationToken: cts.Token);

        Assert.Equal(RunStatus.Interrupted, outcome.Status);
        var stored = Assert.Single(await store.LoadScoredTrajectoriesAsync("r"));
        Assert.Equal("p1", stored.ProblemId);
        Assert.Equal(StopReasons.MaxRounds, stored.Trajectory.StopReason);
        Assert.Equal(3, model.CallCount);
    }

    [Fact]
    public async Task A_timed_out_problem_is_stored_with_its_partial_trajectory()
    {
        await using var kit = new RunTestKit();
        await using var store = await SqliteRunStore.OpenAsync(kit.DbPath);
        var model = new FakeModel
        {
            // The refine call (more than one message) never answers: only the timeout ends it.
            BeforeReply = (call, ct) => call.Messages.Count > 1 && call.FirstUserText == "q2" ? Task.Delay(Timeout.Infinite, ct) : Task.CompletedTask,
        };
        IStrategy[] strategies = [new RefineStrategy("refine", rounds: 1)];
        var config = RunTestKit.Config(strategies) with { ProblemTimeout = TimeSpan.FromSeconds(1) };

        var outcome = await new EvaluationRunner(store).StartAsync(RunTestKit.Plan(config, strategies, RunTestKit.Problems(3), model), "r");

        var results = await store.LoadScoredTrajectoriesAsync("r");
        Assert.Equal(RunStatus.Completed, outcome.Status);
        Assert.Equal(3, results.Count);
        var timedOut = Assert.Single(results, r => r.Trajectory.StopReason == StopReasons.Timeout);
        Assert.Equal("p2", timedOut.ProblemId);
        Assert.Single(timedOut.Trajectory.Turns);
        Assert.Single(timedOut.TurnVerdicts);
        Assert.Equal(timedOut.Trajectory.Turns[0].Attempt, timedOut.Trajectory.Final);
        Assert.All(results.Where(r => r.ProblemId != "p2"), r => Assert.Equal(StopReasons.MaxRounds, r.Trajectory.StopReason));
    }

    [Fact]
    public async Task The_per_problem_token_budget_stops_a_trajectory_and_keeps_the_partial()
    {
        await using var kit = new RunTestKit();
        await using var store = await SqliteRunStore.OpenAsync(kit.DbPath);
        var model = new FakeModel(); // 15 tokens per call
        IStrategy[] strategies = [new RefineStrategy("refine", rounds: 3)];
        var config = RunTestKit.Config(strategies) with { Budgets = new RunBudgets { MaxTokensPerProblem = 20 } };

        await new EvaluationRunner(store).StartAsync(RunTestKit.Plan(config, strategies, RunTestKit.Problems(2), model), "r");

        var results = await store.LoadScoredTrajectoriesAsync("r");
        Assert.Equal(2, results.Count);
        Assert.All(results, r =>
        {
            Assert.Equal(StopReasons.Budget, r.Trajectory.StopReason);
            Assert.Equal(2, r.Trajectory.Turns.Count); // the committed answer plus the call that exhausted the budget
            Assert.Single(r.TurnVerdicts);
            Assert.Equal(30, r.Trajectory.TotalUsage.TotalTokens);
        });
        Assert.Equal(4, model.CallCount);
    }

    [Theory]
    [InlineData("tokens")]
    [InlineData("cost")]
    public async Task A_run_budget_stops_scheduling_and_a_larger_budget_resumes_it(string kind)
    {
        await using var kit = new RunTestKit();
        await using var store = await SqliteRunStore.OpenAsync(kit.DbPath);
        IStrategy[] strategies = [new RefineStrategy("direct", rounds: 0)];
        var problems = RunTestKit.Problems(10);
        // Each problem: one call of 10 input + 5 output tokens = 15 tokens = 0.01 + 0.01 = 0.02 at these prices.
        var prices = new RunBudgets { InputPricePerMillion = 1000m, OutputPricePerMillion = 2000m };
        var tight = kind == "tokens" ? prices with { MaxRunTokens = 40 } : prices with { MaxRunCost = 0.05m };
        var loose = kind == "tokens" ? prices with { MaxRunTokens = 1000 } : prices with { MaxRunCost = 1m };
        var config = RunTestKit.Config(strategies, concurrency: 1);
        var first = new FakeModel();

        var stopped = await new EvaluationRunner(store).StartAsync(RunTestKit.Plan(config with { Budgets = tight }, strategies, problems, first), "r");

        Assert.Equal(RunStatus.BudgetStopped, stopped.Status);
        Assert.Equal(3, first.CallCount);
        Assert.Equal(3, stopped.Finished);
        Assert.Equal(0.06m, stopped.Cost);
        Assert.Contains("budget", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(RunStatus.BudgetStopped, (await store.GetRunAsync("r"))!.Status);

        // The same tight budget stops again at once: it counts what earlier sessions spent.
        var idle = new FakeModel();
        var still = await new EvaluationRunner(store).RunAsync("r", RunTestKit.Plan(config with { Budgets = tight }, strategies, problems, idle));
        Assert.Equal(RunStatus.BudgetStopped, still.Status);
        Assert.Equal(0, idle.CallCount);

        var second = new FakeModel();
        var done = await new EvaluationRunner(store).RunAsync("r", RunTestKit.Plan(config with { Budgets = loose }, strategies, problems, second));

        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal(7, second.CallCount);
        Assert.Equal(10, await store.CountResultsAsync("r"));
        Assert.Equal(new TokenUsage(100, 50), done.BilledUsage);
    }

    [Fact]
    public async Task A_provider_error_is_stored_scrubbed_the_run_continues_and_a_resume_retries_it()
    {
        await using var kit = new RunTestKit();
        await using var store = await SqliteRunStore.OpenAsync(kit.DbPath);
        const string Key = "sk-canary-0123456789abcdef";
        var model = new FakeModel
        {
            BeforeReply = (call, _) => call.FirstUserText == "q2"
                ? throw new HttpRequestException($"401 from https://api.example.com/v1?api-key={Key} (Authorization: Bearer {Key})")
                : Task.CompletedTask,
        };
        IStrategy[] strategies = [new RefineStrategy("direct", rounds: 0)];
        var config = RunTestKit.Config(strategies, concurrency: 1);
        var scrubber = new SecretScrubber([Key], includeEnvironment: false);

        var outcome = await new EvaluationRunner(store).StartAsync(RunTestKit.Plan(config, strategies, RunTestKit.Problems(4), model, scrubber), "r");

        Assert.Equal(RunStatus.Completed, outcome.Status);
        Assert.Equal(3, outcome.Finished);
        Assert.Equal(1, outcome.Errors);
        Assert.Contains("error", outcome.Message, StringComparison.Ordinal);
        var error = Assert.Single(await store.LoadScoredTrajectoriesAsync("r"), r => r.Trajectory.StopReason == StopReasons.Error);
        Assert.Equal("p2", error.ProblemId);
        Assert.Contains("HttpRequestException: 401 from https://api.example.com/v1?api-key=***", error.Trajectory.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Trajectory.Error, StringComparison.Ordinal);
        Assert.Equal("no_answer", error.FinalVerdict.Reason);
        Assert.False(error.FinalVerdict.IsCorrect);

        var fixedModel = new FakeModel();
        var resumed = await new EvaluationRunner(store).RunAsync("r", RunTestKit.Plan(config, strategies, RunTestKit.Problems(4), fixedModel, scrubber));
        Assert.Equal(1, fixedModel.CallCount);
        Assert.Equal(0, resumed.Errors);
        Assert.Equal(4, resumed.Finished);
        Assert.Equal(4, await store.CountResultsAsync("r"));
    }

    [Fact]
    public async Task An_unreachable_endpoint_aborts_the_run_with_one_clear_message()
    {
        await using var kit = new RunTestKit();
        await using var store = await SqliteRunStore.OpenAsync(kit.DbPath);
        var model = new UnreachableChatClient();
        IStrategy[] strategies = [new RefineStrategy("direct", rounds: 0)];
        var config = RunTestKit.Config(strategies, concurrency: 1) with { AbortAfterConsecutiveErrors = 5 };

        var outcome = await new EvaluationRunner(store).StartAsync(RunTestKit.Plan(config, strategies, RunTestKit.Problems(50), model), "r");

        Assert.Equal(RunStatus.Aborted, outcome.Status);
        Assert.Equal(5, model.CallCount);
        Assert.Equal(5, outcome.Errors);
        Assert.StartsWith("Aborted after 5 consecutive errors", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", outcome.Message, StringComparison.Ordinal);
        var info = await store.GetRunAsync("r");
        Assert.Equal(RunStatus.Aborted, info!.Status);
        Assert.Equal(outcome.Message, info.Message);
    }

    [Fact]
    public async Task No_answer_is_scored_incorrect_without_asking_the_verifier()
    {
        await using var kit = new RunTestKit();
        await using var store = await SqliteRunStore.OpenAsync(kit.DbPath);
        IStrategy[] strategies = [new SilentStrategy()];
        var verifier = new FakeVerifier(RunTestKit.Verifier.Name, (_, _) => Verdict.Correct("x", "y"));
        var plan = RunTestKit.Plan(RunTestKit.Config(strategies), strategies, RunTestKit.Problems(2), new FakeModel()) with { ScoringVerifier = verifier };

        await new EvaluationRunner(store).StartAsync(plan, "r");

        var results = await store.LoadScoredTrajectoriesAsync("r");
        Assert.Equal(2, results.Count);
        Assert.All(results, r =>
        {
            Assert.Empty(r.TurnVerdicts);
            Assert.Equal(VerdictLabel.Incorrect, r.FinalVerdict.Label);
            Assert.Equal("no_answer", r.FinalVerdict.Reason);
        });
        Assert.Equal(0, verifier.CallCount);
    }

    [Fact]
    public void A_plans_configuration_describes_its_live_strategies_and_verifier_whatever_it_was_given()
    {
        IStrategy[] strategies = [new RefineStrategy("refine", rounds: 2)];
        var stale = RunTestKit.Config([new RefineStrategy("refine", rounds: 1)]) with { ScoringVerifier = "stale" };

        var configuration = RunTestKit.Plan(stale, strategies, RunTestKit.Problems(1), new FakeModel()).Configuration;

        Assert.Equal(StrategyDescription.From(strategies[0]).Settings, Assert.Single(configuration.Strategies).Settings);
        Assert.Equal(RunTestKit.Verifier.Name, configuration.ScoringVerifier);
        Assert.Equal(stale.Seed, configuration.Seed);
    }

    [Fact]
    public async Task Plans_with_duplicate_problem_ids_or_an_unknown_run_are_rejected_before_anything_runs()
    {
        await using var kit = new RunTestKit();
        await using var store = await SqliteRunStore.OpenAsync(kit.DbPath);
        IStrategy[] strategies = [new RefineStrategy("refine", rounds: 1)];
        var config = RunTestKit.Config(strategies);
        var model = new FakeModel();
        var runner = new EvaluationRunner(store);

        var duplicate = RunTestKit.Problems(2).Append(Problem.FromQuestion("p1", "again")).ToList();
        await Assert.ThrowsAsync<ArgumentException>(() => runner.StartAsync(RunTestKit.Plan(config, strategies, duplicate, model), "dup"));

        await Assert.ThrowsAsync<KeyNotFoundException>(() => runner.RunAsync("missing", RunTestKit.Plan(config, strategies, RunTestKit.Problems(1), model)));
        Assert.Equal(0, model.CallCount);
    }

    [Fact]
    public async Task The_store_never_contains_the_api_key()
    {
        await using var kit = new RunTestKit();
        var key = "sk-canary-" + Guid.NewGuid().ToString("N");
        var variable = "RETHINK_CANARY_" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant() + "_API_KEY";
        Environment.SetEnvironmentVariable(variable, key);
        try
        {
            await using var store = await SqliteRunStore.OpenAsync(kit.DbPath);
            await using var cache = await ResponseCache.OpenAsync(kit.DbPath);
            var scrubber = new SecretScrubber(); // reads the variable set above
            var model = new FakeModel
            {
                BeforeReply = (call, _) => call.FirstUserText == "q1"
                    ? throw new HttpRequestException($"upstream said: invalid key {key}; echoed Authorization: Bearer {key}; url https://u:{key}@api.example.com/?key={key}")
                    : Task.CompletedTask,
            };
            IStrategy[] strategies = [new RefineStrategy("refine", rounds: 1)];
            var config = RunTestKit.Config(strategies) with
            {
                Model = new ModelDescription("openai", "gpt-test", $"https://user:{key}@api.example.com/v1?api-key={key}"),
                Components = new Dictionary<string, string> { ["critic_model"] = $"openai:gpt@https://api.example.com/?api-key={key}" },
            };
            var plan = RunTestKit.Plan(config, strategies, RunTestKit.Problems(3), model, scrubber) with
            {
                ContextFactory = _ => new StrategyContext { Generator = new ResponseCacheChatClient(model, cache, config.Model.Describe()) },
            };

            var outcome = await new EvaluationRunner(store).StartAsync(plan, "r");

            Assert.Equal(1, outcome.Errors);
            Assert.True(await cache.CountAsync() > 0);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        var needles = new[] { key, Uri.EscapeDataString(key), Convert.ToBase64String(Encoding.UTF8.GetBytes(key)), key[^8..] };
        var files = Directory.GetFiles(kit.Directory);
        Assert.Contains(files, f => f.EndsWith("runs.db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = Encoding.UTF8.GetString(await ReadSharedAsync(file));
            foreach (var needle in needles)
            {
                Assert.DoesNotContain(needle, bytes, StringComparison.Ordinal);
            }
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        private readonly Lock _gate = new();

        public void Report(T value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
