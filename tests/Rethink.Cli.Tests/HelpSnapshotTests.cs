using Rethink.Cli.Tests.Infrastructure;

namespace Rethink.Cli.Tests;

/// <summary>Help is what people read first; it is pinned so a change to it is a reviewed change.</summary>
public sealed class HelpSnapshotTests
{
    [Theory]
    [InlineData("root", new[] { "--help" })]
    [InlineData("ask", new[] { "ask", "--help" })]
    [InlineData("eval", new[] { "eval", "--help" })]
    [InlineData("report", new[] { "report", "--help" })]
    [InlineData("score", new[] { "score", "--help" })]
    [InlineData("lab-train", new[] { "lab", "train", "--help" })]
    [InlineData("serve", new[] { "serve", "--help" })]
    [InlineData("export", new[] { "export", "--help" })]
    [InlineData("data-stats", new[] { "data", "stats", "--help" })]
    [InlineData("data-ids", new[] { "data", "ids", "--help" })]
    public async Task Help_matches_snapshot(string name, string[] args)
    {
        var result = await new CliRunner().RunAsync(args);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Snapshot.Match("help-" + name + ".txt", Snapshot.WithoutTrailingSpaces(result.Stdout));
    }
}
