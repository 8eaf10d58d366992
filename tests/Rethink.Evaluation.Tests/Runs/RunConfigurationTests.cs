using System.Text;
using Rethink.Evaluation.Runs;
using Rethink.Evaluation.Tests.Runs.Fakes;

namespace Rethink.Evaluation.Tests.Runs;

public sealed class RunConfigurationTests
{
    private static RunConfiguration Base() => RunTestKit.Config([new RefineStrategy("self-refine", rounds: 3)], samples: 2);

    [Fact]
    public void Settings_that_do_not_determine_results_are_not_fingerprinted()
    {
        var config = Base();
        var other = config with
        {
            Concurrency = 16,
            ProblemTimeout = TimeSpan.FromMinutes(3),
            AbortAfterConsecutiveErrors = 0,
            Dataset = config.Dataset with { Path = "/elsewhere/test.jsonl" },
            Budgets = config.Budgets with { MaxRunTokens = 10, MaxRunCost = 1m, InputPricePerMillion = 1m, OutputPricePerMillion = 2m },
        };

        Assert.Equal(config.Fingerprint(), other.Fingerprint());
        Assert.Empty(other.ChangesFrom(config));
        Assert.Matches("^[0-9a-f]{64}$", config.Fingerprint());
    }

    [Fact]
    public void Every_result_determining_setting_changes_the_fingerprint()
    {
        var config = Base();
        var variants = new[]
        {
            config with { Model = new ModelDescription("fake", "other-model", "http://localhost:1234/v1") },
            config with { Model = new ModelDescription("fake", "fake-model", "http://localhost:9999/v1") },
            config with { Strategies = [StrategyDescription.From(new RefineStrategy("self-refine", rounds: 4))] },
            config with { Strategies = [StrategyDescription.From(new RefineStrategy("self-refine", rounds: 3, prompt: "Other prompt."))] },
            config with { Dataset = config.Dataset with { Sha256 = new string('b', 64) } },
            config with { Dataset = config.Dataset with { Format = "csv" } },
            config with { SamplesPerProblem = 3 },
            config with { Seed = 8 },
            config with { Chat = config.Chat with { Temperature = 0.9f } },
            config with { Chat = config.Chat with { MaxOutputTokens = 65 } },
            config with { ScoringVerifier = "numeric" },
            config with { Budgets = config.Budgets with { MaxTokensPerProblem = 100 } },
            config with { Components = new Dictionary<string, string> { ["critic_model"] = "x" } },
        };

        foreach (var variant in variants)
        {
            Assert.NotEqual(config.Fingerprint(), variant.Fingerprint());
            Assert.NotEmpty(variant.ChangesFrom(config));
        }
    }

    [Fact]
    public void Changes_are_named_in_words()
    {
        var stored = Base();
        var current = stored with
        {
            Model = new ModelDescription("fake", "bigger-model", "http://localhost:1234/v1"),
            Strategies = [StrategyDescription.From(new RefineStrategy("self-refine", rounds: 4))],
            Dataset = stored.Dataset with { Sha256 = "cd34" + new string('0', 60) },
            Chat = stored.Chat with { Temperature = 0.9f },
        };

        var changes = current.ChangesFrom(stored);

        Assert.Contains("model id changed from fake-model to bigger-model", changes);
        Assert.Contains("strategy self-refine setting 'max_rounds' changed from 3 to 4", changes);
        Assert.Contains("dataset content changed (sha256 aaaaaaaaaaaa.. -> cd3400000000..)", changes);
        Assert.Contains("temperature changed from 0.5 to 0.9", changes);
        Assert.Equal(4, changes.Count);
    }

    [Fact]
    public void Long_prompt_changes_show_a_prefix_and_a_hash_and_added_strategies_are_named()
    {
        var longPrompt = "Review the answer step by step.\nThen say whether it is right.";
        var stored = RunTestKit.Config([new RefineStrategy("self-refine", prompt: longPrompt)]);
        var current = RunTestKit.Config([new RefineStrategy("self-refine", prompt: longPrompt + " Be strict."), new RefineStrategy("reask")]);

        var changes = current.ChangesFrom(stored);

        Assert.Contains("strategy reask was added", changes);
        var prompt = Assert.Single(changes, c => c.StartsWith("strategy self-refine setting 'refine_prompt' changed from 'Review the answer", StringComparison.Ordinal));
        Assert.Contains("(sha256 ", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_description_drops_credentials_from_the_base_url()
    {
        var model = new ModelDescription("openai", "gpt", "https://user:sk-secretsecretsecret@api.example.com:8443/v1?api-key=sk-secretsecretsecret#frag");

        Assert.Equal("https://api.example.com:8443/v1", model.BaseUrl);
        Assert.Equal("openai:gpt@https://api.example.com:8443/v1", model.Describe());
        Assert.Equal(model.BaseUrl, (model with { BaseUrl = "https://api.example.com:8443/v1?key=abc" }).BaseUrl);
    }

    [Fact]
    public async Task Dataset_description_hashes_the_file_bytes()
    {
        await using var kit = new RunTestKit();
        var path = Path.Combine(kit.Directory, "d.jsonl");
        await File.WriteAllBytesAsync(path, Encoding.ASCII.GetBytes("abc"));

        var dataset = await DatasetDescription.FromFileAsync(path, "jsonl");

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", dataset.Sha256);
        Assert.Equal("jsonl", dataset.Format);
    }

    [Fact]
    public void Sample_seeds_follow_the_documented_scheme()
    {
        Assert.Equal(7, RunConfiguration.SampleSeed(7, 0));
        Assert.Equal(7 + 1_000_003, RunConfiguration.SampleSeed(7, 1));
        Assert.Equal(7 + (2 * 1_000_003), RunConfiguration.SampleSeed(7, 2));
    }

    [Fact]
    public void Invalid_configurations_are_rejected_naming_the_setting()
    {
        var config = Base();
        Assert.Contains("Samples", Assert.Throws<ArgumentException>(() => (config with { SamplesPerProblem = 0 }).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("Concurrency", Assert.Throws<ArgumentException>(() => (config with { Concurrency = 0 }).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("price", Assert.Throws<ArgumentException>(() => (config with { Budgets = new RunBudgets { MaxRunCost = 1m } }).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("more than once", Assert.Throws<ArgumentException>(() =>
            RunTestKit.Config([new RefineStrategy("x"), new RefineStrategy("x")]).Validate()).Message, StringComparison.Ordinal);
    }
}
