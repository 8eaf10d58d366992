using System.Text.Json;
using Rethink.Cli.Tests.Infrastructure;
using Rethink.Evaluation.Runs;

namespace Rethink.Cli.Tests;

/// <summary>
/// The lab end to end through the CLI: train the seconds-long smoke recipe with the real engine, then use the model
/// it wrote with ask and eval (the lab suite). A toy model's answers are noise; these tests pin the plumbing.
/// </summary>
public sealed class LabCommandTests : IClassFixture<LabCommandTests.SmokeModel>
{
    private readonly SmokeModel _model;

    public LabCommandTests(SmokeModel model) => _model = model;

    [Fact]
    public void Lab_train_writes_the_model_and_a_card_with_a_floor()
    {
        Assert.True(_model.Train.ExitCode == 0, _model.Train.ToString());
        Assert.True(File.Exists(_model.Path), _model.Train.ToString());
        var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(_model.Dir, "lab-smoke.card.json"))).RootElement;
        Assert.Equal("smoke", card.GetProperty("recipe").GetString());
        Assert.Equal(30, card.GetProperty("steps").GetInt64());
        Assert.InRange(card.GetProperty("direct_accuracy").GetDouble(), 0, 1);
        Assert.True(card.GetProperty("floor").GetDouble() <= card.GetProperty("direct_accuracy").GetDouble());
        Assert.Contains("rethink lab train --recipe smoke", File.ReadAllText(Path.Combine(_model.Dir, "lab-smoke.md")), StringComparison.Ordinal);
        Assert.Contains("step 30/30", _model.Train.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lab_train_seed_replaces_the_trainer_seed_and_the_card_says_how_to_reproduce_it()
    {
        var dir = Directory.CreateTempSubdirectory("rethink-lab-seed-").FullName;
        try
        {
            var result = await new CliRunner().RunAsync("lab", "train", "--recipe", "smoke", "--out", dir, "--seed", "7");
            Assert.True(result.ExitCode == 0, result.ToString());
            var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "lab-smoke.card.json"))).RootElement;
            Assert.Equal(7, card.GetProperty("seed").GetInt32());
            Assert.Equal("rethink lab train --recipe smoke --seed 7", card.GetProperty("command").GetString());

            // Same data, another initialisation and batch order: another model.
            Assert.Equal(JsonDocument.Parse(File.ReadAllText(Path.Combine(_model.Dir, "lab-smoke.card.json"))).RootElement.GetProperty("examples").GetInt32(), card.GetProperty("examples").GetInt32());
            Assert.NotEqual(File.ReadAllBytes(_model.Path), File.ReadAllBytes(Path.Combine(dir, "lab-smoke.gguf")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Ask_runs_a_strategy_on_a_lab_model_file()
    {
        var result = await new CliRunner().RunAsync("ask", "Compute 2+3.", "--model", "lab:" + _model.Path, "--strategy", "direct", "--max-output-tokens", "16");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("single_pass", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_without_a_dataset_runs_the_lab_suite()
    {
        var store = Path.Combine(_model.Dir, "runs.db");
        var json = Path.Combine(_model.Dir, "lab.json");
        var result = await new CliRunner().RunAsync(
            "eval", "--model", "lab:" + _model.Path, "--strategy", "direct,verify-refine", "--lab-per-cell", "1",
            "--max-output-tokens", "24", "--store", store, "--json", json);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("11 problem(s) x 2 strategies", result.Stderr, StringComparison.Ordinal);
        var report = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetRawText();

        // verify-refine was handed the verifier and is labelled oracle-assisted; direct was not.
        Assert.Contains("oracle-assisted", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"saw_verifier\": true", report, StringComparison.Ordinal);
        Assert.Contains("\"saw_verifier\": false", report, StringComparison.Ordinal);
    }

    // A run stored before the lab verifier recorded error locations lacks the component; resuming it would
    // mix verdicts with and without locations, so it is refused and the component is named. The same run, untouched,
    // resumes: the refusal comes from the missing component alone.
    [Fact]
    public async Task Resuming_a_lab_run_stored_without_error_locations_is_refused()
    {
        var store = Path.Combine(_model.Dir, "old-runs.db");
        string[] eval = ["eval", "--model", "lab:" + _model.Path, "--strategy", "direct", "--lab-per-cell", "1", "--max-output-tokens", "8", "--store", store];
        foreach (var id in new[] { "old", "current" })
        {
            var run = await new CliRunner().RunAsync([.. eval, "--run-id", id]);
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        Rethink.Evaluation.Runs.RunConfiguration config;
        await using (var runs = await Rethink.Evaluation.Runs.SqliteRunStore.OpenAsync(store))
        {
            config = await runs.LoadConfigurationAsync("old");
        }

        Assert.Equal("first wrong step", config.Components["verifier.error_location"]);
        var before = config with { Components = config.Components.Where(kv => kv.Key != "verifier.error_location").ToDictionary() };
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Pooling=False"))
        {
            connection.Open();
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE runs SET config_json = $config, fingerprint = $fingerprint WHERE id = 'old'";
            update.Parameters.AddWithValue("$config", JsonSerializer.Serialize(before, Rethink.Evaluation.Runs.RunJson.Options));
            update.Parameters.AddWithValue("$fingerprint", before.Fingerprint());
            Assert.Equal(1, update.ExecuteNonQuery());
        }

        var refused = await new CliRunner().RunAsync([.. eval, "--resume", "old"]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("error_location", refused.Stderr, StringComparison.Ordinal);
        var resumed = await new CliRunner().RunAsync([.. eval, "--resume", "current"]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
    }

    [Theory]
    [InlineData("gold", 1.0)]
    [InlineData("flawed", 0.0)]
    public async Task Given_lab_answers_are_what_the_critique_starts_from(string answers, double acc1)
    {
        var store = Path.Combine(_model.Dir, $"given-{answers}.db");
        var json = Path.Combine(_model.Dir, $"given-{answers}.json");
        var result = await new CliRunner().RunAsync(
            "eval", "--model", "lab:" + _model.Path, "--strategy", "self-refine", "--set", "max_rounds=1", "--lab-per-cell", "1",
            "--lab-answers", answers, "--max-output-tokens", "24", "--store", store, "--json", json, "--run-id", "given");
        Assert.True(result.ExitCode == 0, result.ToString());
        var root = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal($"lab-suite-1-per-cell-{answers}-answers (lab)", root.GetProperty("run").GetProperty("dataset").GetString());
        var strategy = root.GetProperty("strategies")[0];

        // The toy model's own answers are noise; the first answers here are the given ones, right or wrong by design,
        // and the critic (one round: one critique each) is scored on all eleven.
        Assert.Equal(acc1, strategy.GetProperty("acc1").GetDouble());
        var quality = strategy.GetProperty("critique_quality");
        Assert.Equal(11, quality.GetProperty(answers == "gold" ? "tn" : "tp").GetInt64() + quality.GetProperty(answers == "gold" ? "fp" : "fn").GetInt64());

        // The given answers are part of the dataset's identity: resuming under other answers is refused.
        var other = answers == "gold" ? "flawed" : "gold";
        var resumed = await new CliRunner().RunAsync(
            "eval", "--model", "lab:" + _model.Path, "--strategy", "self-refine", "--set", "max_rounds=1", "--lab-per-cell", "1",
            "--lab-answers", other, "--max-output-tokens", "24", "--store", store, "--resume", "given");
        Assert.Equal(2, resumed.ExitCode);
        Assert.Contains("dataset", resumed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_jsonl_given_answer_is_what_the_critique_starts_from()
    {
        var data = Path.Combine(_model.Dir, "judged.jsonl");
        await File.WriteAllLinesAsync(data, [
            "{\"id\": \"right\", \"question\": \"Compute 2+3.\", \"answer\": \"5\", \"given_answer\": \"5\"}",
            "{\"id\": \"wrong\", \"question\": \"Compute 2+2.\", \"answer\": \"4\", \"given_answer\": \"5\", \"error_location\": 1}",
        ]);
        var json = Path.Combine(_model.Dir, "judged.json");
        var result = await new CliRunner().RunAsync(
            "eval", "--dataset", data, "--format", "jsonl", "--strategy", "self-refine", "--set", "max_rounds=1", "--model", "lab:" + _model.Path,
            "--max-output-tokens", "24", "--store", Path.Combine(_model.Dir, "judged.db"), "--json", json);
        Assert.True(result.ExitCode == 0, result.ToString());
        var strategy = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("strategies")[0];
        Assert.Equal(0.5, strategy.GetProperty("acc1").GetDouble());
        var quality = strategy.GetProperty("critique_quality");
        Assert.Equal(1, quality.GetProperty("tp").GetInt64() + quality.GetProperty("fn").GetInt64());
        Assert.Equal(1, quality.GetProperty("tn").GetInt64() + quality.GetProperty("fp").GetInt64());

        // The row's error_location is the gold location its critique is scored against.
        Assert.Equal(1, quality.GetProperty("located").GetInt64());
    }

    [Fact]
    public async Task Lab_answers_with_a_dataset_is_a_usage_error()
    {
        var data = Path.Combine(_model.Dir, "one.jsonl");
        await File.WriteAllTextAsync(data, "{\"question\": \"2+3?\", \"answer\": \"5\"}\n");
        var result = await new CliRunner().RunAsync(
            "eval", "--dataset", data, "--format", "gsm8k", "--strategy", "direct", "--model", "lab:" + _model.Path, "--lab-answers", "gold");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--lab-answers applies to the lab suite only", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_lab_model_is_a_usage_error_that_says_how_to_train_it()
    {
        var result = await new CliRunner().RunAsync("ask", "Compute 2+3.", "--model", "lab:nonexistent-recipe");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("rethink lab train --recipe nonexistent-recipe", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_recipe_lists_the_known_ones()
    {
        var result = await new CliRunner().RunAsync("lab", "train", "--recipe", "nope", "--out", _model.Dir);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Known: sft, critique, sft-routes, critique-routes, critique-review, critique-quote, critique-quote-flawed, critique-quote-all, critique-quote-copy, critique-compare, sft-worked, critique-worked, smoke", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recipe_whose_base_model_is_missing_says_to_train_the_base_first()
    {
        var empty = Directory.CreateTempSubdirectory("rethink-lab-nobase-").FullName;
        try
        {
            var result = await new CliRunner().RunAsync("lab", "train", "--recipe", "critique", "--out", empty);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("starts from the 'sft' model", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("rethink lab train --recipe sft", result.Stderr, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(empty));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    public sealed class SmokeModel : IAsyncLifetime
    {
        public string Dir { get; } = Directory.CreateTempSubdirectory("rethink-lab-cli-").FullName;

        public string Path => System.IO.Path.Combine(Dir, "lab-smoke.gguf");

        public CliResult Train { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Train = await new CliRunner().RunAsync("lab", "train", "--recipe", "smoke", "--out", Dir);

        public Task DisposeAsync()
        {
            Directory.Delete(Dir, recursive: true);
            return Task.CompletedTask;
        }
    }
}
