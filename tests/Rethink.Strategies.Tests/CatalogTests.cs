using Rethink.Core;

namespace Rethink.Strategies.Tests;

public class CatalogTests
{
    [Fact]
    public void Knows_every_strategy_in_a_stable_order()
    {
        Assert.Equal(
            ["direct", "cot", "reask", "critique-revise", "self-refine", "verify-refine", "ioe", "self-consistency", "best-of-n", "critic", "critic-no-tool", "progco", "self-debug"],
            StrategyCatalog.Names);
        Assert.All(StrategyCatalog.All, d => Assert.False(string.IsNullOrWhiteSpace(d.Description)));
    }

    [Fact]
    public void Every_strategy_is_created_by_name_and_round_trips_its_settings()
    {
        foreach (var name in StrategyCatalog.Names)
        {
            var s = StrategyCatalog.Create(name);
            Assert.Equal(name, s.Name);
            Assert.Equal(StrategyCatalog.Describe(name).Settings.Select(x => x.Name).Order(StringComparer.Ordinal), s.Settings.Keys);
            var again = StrategyCatalog.Create(name, s.Settings);
            Assert.Equal(s.Settings, again.Settings);
            foreach (var d in StrategyCatalog.Describe(name).Settings)
            {
                Assert.Equal(d.Default, s.Settings[d.Name]);
            }
        }
    }

    [Fact]
    public void Settings_change_behaviour_and_show_in_the_settings()
    {
        var s = (SelfRefineStrategy)StrategyCatalog.Create("Self-Refine", new Dictionary<string, string>
        {
            ["max_rounds"] = "5",
            ["score_threshold"] = "8.5",
            ["stop_phrase"] = "",
            ["history"] = "last-only",
            ["stop_on_no_change"] = "no",
        });
        Assert.Equal(5, s.Options.MaxRounds);
        Assert.Equal(8.5, s.Options.ScoreThreshold);
        Assert.Null(s.Options.StopPhrase);
        Assert.Equal(SelfRefineHistory.LastOnly, s.Options.History);
        Assert.False(s.Options.StopOnNoChange);
        Assert.Equal("5", s.Settings["max_rounds"]);
        Assert.Equal("8.5", s.Settings["score_threshold"]);
        Assert.Equal("last-only", s.Settings["history"]);
        Assert.Equal("false", s.Settings["stop_on_no_change"]);
        Assert.Equal(SelfRefineStrategy.DefaultRefinePrompt, s.Settings["refine_prompt"]);

        var v = (VerifyRefineStrategy)StrategyCatalog.Create("verify-refine", new Dictionary<string, string> { ["feedback"] = "correctness-only" });
        Assert.Equal(VerifierFeedbackMode.CorrectnessOnly, v.Options.Feedback);
        var b = (BestOfNStrategy)StrategyCatalog.Create("best-of-n", new Dictionary<string, string> { ["selector"] = "LogProb", ["samples"] = "8" });
        Assert.Equal(BestOfNSelector.Logprob, b.Options.Selector);
    }

    [Fact]
    public void Unknown_names_list_the_valid_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => StrategyCatalog.Create("self-refin"));
        Assert.Contains("'self-refin'", e.Message, StringComparison.Ordinal);
        Assert.Contains("direct, cot, reask, critique-revise, self-refine", e.Message, StringComparison.Ordinal);
        Assert.False(StrategyCatalog.Contains("nope"));
    }

    [Fact]
    public void Unknown_settings_list_the_valid_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => StrategyCatalog.Create("reask", new Dictionary<string, string> { ["round"] = "2" }));
        Assert.Contains("'round'", e.Message, StringComparison.Ordinal);
        Assert.Contains("rounds, system_prompt", e.Message, StringComparison.Ordinal);
        var d = Assert.Throws<ArgumentException>(() => StrategyCatalog.Create("direct", new Dictionary<string, string> { ["x"] = "1" }));
        Assert.Contains("accepts no settings", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("self-refine", "max_rounds", "0", "between 1 and 10")]
    [InlineData("self-refine", "max_rounds", "three", "an integer between 1 and 10")]
    [InlineData("self-refine", "score_threshold", "lots", "a number between -1000 and 1000")]
    [InlineData("self-refine", "history", "some", "one of full, last-only")]
    [InlineData("self-refine", "stop_on_no_change", "maybe", "true or false")]
    [InlineData("self-refine", "refine_prompt", "no placeholders", "{question}")]
    [InlineData("self-consistency", "threshold", "1.5", "between 0.5 and 1")]
    [InlineData("self-consistency", "min_samples", "50", "between 1 and 10")]
    [InlineData("best-of-n", "selector", "oracle", "one of verifier, judge, logprob, majority")]
    [InlineData("cot", "instruction", "  ", "non-empty text")]
    public void Bad_values_name_the_setting_and_the_bound(string name, string setting, string value, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => StrategyCatalog.Create(name, new Dictionary<string, string> { [setting] = value }));
        Assert.Contains($"'{setting}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(setting, e.ParamName);
    }

    [Fact]
    public void Descriptors_state_types_defaults_and_bounds()
    {
        var rounds = StrategyCatalog.Describe("self-refine").Settings.Single(s => s.Name == "max_rounds");
        Assert.Equal(("int", "3", "1", "10"), (rounds.Type, rounds.Default, rounds.Minimum, rounds.Maximum));
        var threshold = StrategyCatalog.Describe("self-refine").Settings.Single(s => s.Name == "score_threshold");
        Assert.True(threshold.Optional);
        Assert.Equal(string.Empty, threshold.Default);
        var selector = StrategyCatalog.Describe("best-of-n").Settings.Single(s => s.Name == "selector");
        Assert.Equal(["verifier", "judge", "logprob", "majority"], selector.AllowedValues);
    }

    [Fact]
    public void Parses_strategy_lists()
    {
        Assert.Equal(["direct", "reask", "self-refine"], StrategyCatalog.ParseList(" direct, Reask ,self-refine"));
        Assert.Contains("empty entry", Assert.Throws<ArgumentException>(() => StrategyCatalog.ParseList("direct,,reask")).Message, StringComparison.Ordinal);
        Assert.Contains("valid strategies: direct", Assert.Throws<ArgumentException>(() => StrategyCatalog.ParseList("direct,magic")).Message, StringComparison.Ordinal);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => StrategyCatalog.ParseList("direct,DIRECT")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Created_strategies_are_strategies() =>
        Assert.All(StrategyCatalog.Names, n => Assert.IsAssignableFrom<IStrategy>(StrategyCatalog.Create(n)));

    [Fact]
    public void Only_verifier_strategies_need_a_feedback_verifier()
    {
        var needs = StrategyCatalog.Names.Where(n => StrategyCatalog.NeedsFeedbackVerifier(StrategyCatalog.Create(n))).ToList();
        Assert.Equal(["verify-refine"], needs);
        Assert.True(StrategyCatalog.NeedsFeedbackVerifier(StrategyCatalog.Create("best-of-n", new Dictionary<string, string> { ["selector"] = "verifier" })));
        Assert.False(StrategyCatalog.NeedsFeedbackVerifier(StrategyCatalog.Create("best-of-n", new Dictionary<string, string> { ["selector"] = "judge" })));
    }

    [Fact]
    public void Only_tool_strategies_need_a_code_executor()
    {
        var needs = StrategyCatalog.Names.Where(n => StrategyCatalog.NeedsCodeExecutor(StrategyCatalog.Create(n))).ToList();
        Assert.Equal(["critic", "critic-no-tool", "self-debug"], needs);
        Assert.True(StrategyCatalog.NeedsCodeExecutor(StrategyCatalog.Create("progco", new Dictionary<string, string> { ["execution"] = "sandbox" })));
        Assert.False(StrategyCatalog.NeedsCodeExecutor(StrategyCatalog.Create("progco", new Dictionary<string, string> { ["execution"] = "model" })));
        Assert.Contains("one of model, sandbox", Assert.Throws<ArgumentException>(() => StrategyCatalog.Create("progco", new Dictionary<string, string> { ["execution"] = "docker" })).Message, StringComparison.Ordinal);
        Assert.Contains("one of visible, hidden", Assert.Throws<ArgumentException>(() => StrategyCatalog.Create("self-debug", new Dictionary<string, string> { ["tests"] = "all" })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Critic_and_its_ablation_share_settings_but_not_names()
    {
        var critic = StrategyCatalog.Create("critic");
        var noTool = StrategyCatalog.Create("critic-no-tool");
        Assert.Equal(critic.Settings, noTool.Settings);
        Assert.True(((CriticStrategy)critic).Options.UseTool);
        Assert.False(((CriticStrategy)noTool).Options.UseTool);
        Assert.Equal("critic-no-tool", StrategyCatalog.Create(noTool.Name, noTool.Settings).Name);
    }
}
