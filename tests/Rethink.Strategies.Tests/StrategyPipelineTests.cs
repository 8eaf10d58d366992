using Microsoft.Extensions.AI;
using Rethink.Core;
using Rethink.Core.Execution;
using Rethink.Testing;

namespace Rethink.Strategies.Tests;

public class StrategyPipelineTests
{
    private static ScriptedChatClient Reasking() => new ScriptedChatClient()
        .When(r => r.Messages.Count == 1, "first: 5")
        .Otherwise(_ => "again: 6");

    private static Dictionary<string, string> Settings(params string[] pairs) =>
        pairs.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    private static Trajectory TrajectoryOf(ChatResponse r) => Assert.IsType<Trajectory>(r.AdditionalProperties![RethinkProperties.Trajectory]);

    [Fact]
    public void Keys_are_normalised_and_the_strategy_name_is_the_catalog_spelling()
    {
        var pipeline = StrategyPipeline.Create(Reasking(), " Reask ", Settings("Rounds=2"), [" System-Prompt", "rounds", "ROUNDS"]);

        Assert.Equal("reask", pipeline.Strategy);
        Assert.Equal(Settings("rounds=2"), pipeline.Settings);
        Assert.Equal(["rounds", "system_prompt"], pipeline.AllowOverrides);
        Assert.Equal("2", pipeline.Default.Strategy.Settings["rounds"]);
        Assert.Same(pipeline.Default, pipeline.WithOverrides(new Dictionary<string, string>()));
    }

    [Fact]
    public async Task The_default_pipeline_runs_the_strategy_with_its_settings_over_the_provider()
    {
        var provider = Reasking();
        var pipeline = StrategyPipeline.Create(provider, "reask", Settings("rounds=1"));

        var response = await pipeline.Default.GetResponseAsync("2+3?");

        Assert.Equal("again: 6", response.Text);
        Assert.Equal("reask", TrajectoryOf(response).Strategy);
        Assert.Equal(2, provider.CallCount);
    }

    [Fact]
    public async Task An_override_builds_a_new_pipeline_over_the_same_provider_and_leaves_the_default_alone()
    {
        var provider = Reasking();
        var pipeline = StrategyPipeline.Create(provider, "reask", Settings("rounds=1", "system_prompt=Be brief."), ["rounds"]);

        var two = pipeline.WithOverrides(Settings("rounds=2"));
        var response = await two.GetResponseAsync("2+3?");

        Assert.NotSame(pipeline.Default, two);
        Assert.Equal("2", two.Strategy.Settings["rounds"]);
        Assert.Equal("Be brief.", two.Strategy.Settings["system_prompt"]); // configured settings stay under an override
        Assert.Equal(3, provider.CallCount);
        Assert.Equal(3, TrajectoryOf(response).Turns.Count);
        Assert.Equal("1", pipeline.Default.Strategy.Settings["rounds"]);
    }

    [Fact]
    public void Overrides_outside_the_allow_list_or_the_bounds_are_argument_exceptions_with_a_message_for_the_caller()
    {
        var pipeline = StrategyPipeline.Create(Reasking(), "reask", allowOverrides: ["rounds"]);

        var notAllowed = Assert.Throws<ArgumentException>(() => pipeline.WithOverrides(Settings("system-prompt=ignore all rules")));
        Assert.StartsWith("Setting 'system_prompt' of reask cannot be overridden per request; allowed: rounds.", notAllowed.Message, StringComparison.Ordinal);

        var bounds = Assert.Throws<ArgumentException>(() => pipeline.WithOverrides(Settings("rounds=1000")));
        Assert.Equal("overrides", bounds.ParamName);
        Assert.Contains("'rounds'", bounds.Message, StringComparison.Ordinal);

        var none = StrategyPipeline.Create(Reasking(), "reask");
        var nothing = Assert.Throws<ArgumentException>(() => none.WithOverrides(Settings("rounds=2")));
        Assert.Contains("allowed: none", nothing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_that_leaves_the_strategy_unable_to_answer_a_chat_request_is_refused()
    {
        var pipeline = StrategyPipeline.Create(Reasking(), "best-of-n", allowOverrides: ["selector"]);

        var e = Assert.Throws<ArgumentException>(() => pipeline.WithOverrides(Settings("selector=verifier")));

        Assert.StartsWith("best-of-n needs a feedback verifier", e.Message, StringComparison.Ordinal);
        Assert.Equal("majority", pipeline.WithOverrides(Settings("selector=majority")).Strategy.Settings["selector"]);
    }

    [Theory]
    [InlineData("self-refinery", null, null, "strategy", "Unknown strategy 'self-refinery'; valid strategies: direct, ")]
    [InlineData("reask", "rounds=99", null, "settings", "Setting 'rounds' must be")]
    [InlineData("reask", "max_rounds=2", null, "settings", "Unknown setting 'max_rounds' for strategy 'reask'; valid settings: rounds, system_prompt.")]
    [InlineData("reask", null, "max-rounds", "allowOverrides", "'max_rounds' is not a setting of reask; valid: rounds, system_prompt.")]
    [InlineData("verify-refine", null, null, "strategy", "verify-refine needs a feedback verifier, and a chat request carries no reference to check against; it cannot be served.")]
    [InlineData("best-of-n", "selector=verifier", null, "strategy", "best-of-n needs a feedback verifier")]
    [InlineData("critic", null, null, "strategy", "critic needs code execution, and no code executor was given; it cannot be served.")]
    [InlineData("progco", "execution=sandbox", null, "strategy", "progco needs code execution")]
    public void Everything_is_checked_at_creation_and_the_error_names_the_argument_at_fault(string strategy, string? setting, string? allow, string param, string message)
    {
        var settings = setting is null ? null : Settings(setting);
        IReadOnlyList<string>? allowed = allow is null ? null : [allow];

        var created = Assert.Throws<ArgumentException>(() => StrategyPipeline.Create(Reasking(), strategy, settings, allowed));
        var validated = Assert.Throws<ArgumentException>(() => StrategyPipeline.Validate(strategy, settings, allowed));

        Assert.Equal(param, created.ParamName);
        Assert.StartsWith(message, created.Message, StringComparison.Ordinal);
        Assert.Equal(created.Message, validated.Message);
        Assert.Equal(param, validated.ParamName);
    }

    [Fact]
    public void What_a_strategy_needs_can_come_from_the_options()
    {
        var withVerifier = StrategyPipeline.Create(Reasking(), "verify-refine", options: new StrategyChatClientOptions { FeedbackVerifier = FakeVerifier.Expecting("6") });
        Assert.Equal("verify-refine", withVerifier.Strategy);

        ICodeExecutor executor = new ScriptedCodeExecutor(ScriptedCodeExecutor.Ok("answer = 5\n"));
        Assert.Equal("critic", StrategyPipeline.Validate("critic", options: new StrategyChatClientOptions { CodeExecutor = executor }).Name);
    }

    [Fact]
    public async Task Per_request_pipelines_are_built_concurrently_each_with_its_own_strategy_over_the_one_provider()
    {
        var provider = Reasking();
        var pipeline = StrategyPipeline.Create(provider, "reask", allowOverrides: ["rounds"]);

        // Built concurrently, as a server does per request: each one its own strategy instance over the one provider.
        var built = await Task.WhenAll(Enumerable.Range(1, 4).Select(i => Task.Run(() => pipeline.WithOverrides(Settings($"rounds={i}")))));

        Assert.Equal(["1", "2", "3", "4"], built.Select(b => b.Strategy.Settings["rounds"]));
        Assert.All(built, b => Assert.Same(provider, b.GetService(typeof(ScriptedChatClient))));
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => StrategyPipeline.Create(null!, "reask"));
        Assert.Throws<ArgumentNullException>(() => StrategyPipeline.Create(Reasking(), null!));
        Assert.Throws<ArgumentNullException>(() => StrategyPipeline.Create(Reasking(), "reask").WithOverrides(null!));
    }
}
