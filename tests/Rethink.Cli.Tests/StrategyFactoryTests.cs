using Rethink.Cli.Commands;
using Rethink.Lab.Training;

namespace Rethink.Cli.Tests;

public class StrategyFactoryTests
{
    [Fact]
    public void Lab_defaults_apply_only_to_strategies_that_run_and_never_over_a_users_setting()
    {
        var none = new Dictionary<string, string>();
        Assert.Equal("last-only", StrategyFactory.WithDefaults(["direct", "self-refine"], none, LabRecipes.StrategyDefaults)["self-refine.history"]);

        // Without self-refine the default would be an unknown key, which Create refuses: it is not added.
        Assert.Empty(StrategyFactory.WithDefaults(["direct", "reask"], none, LabRecipes.StrategyDefaults));

        // The user's value wins, prefixed or not.
        var prefixed = StrategyFactory.WithDefaults(["self-refine"], new Dictionary<string, string> { ["self-refine.history"] = "full" }, LabRecipes.StrategyDefaults);
        Assert.Equal("full", prefixed["self-refine.history"]);
        var plain = StrategyFactory.WithDefaults(["self-refine"], new Dictionary<string, string> { ["history"] = "full" }, LabRecipes.StrategyDefaults);
        Assert.Equal(new[] { "history" }, plain.Keys);

        var strategies = StrategyFactory.Create(["direct", "self-refine"], StrategyFactory.WithDefaults(["direct", "self-refine"], none, LabRecipes.StrategyDefaults));
        Assert.Equal("last-only", strategies[1].Settings["history"]);
    }
}
