using System.Runtime.CompilerServices;
using System.Text;

namespace Rethink.Strategies.Tests;

/// <summary>
/// Every default prompt (and marker/pattern text) is snapshotted in Golden/default-prompts.txt so that a prompt change
/// shows up in review as a diff of that file. On a mismatch the test writes default-prompts.actual.txt beside it.
/// </summary>
public class DefaultPromptsGoldenTests
{
    [Fact]
    public void Default_prompts_match_the_golden_file()
    {
        var sb = new StringBuilder();
        foreach (var strategy in StrategyCatalog.All)
        {
            foreach (var setting in strategy.Settings.Where(s => s.Type == "text" && s.Default.Length > 0))
            {
                sb.Append("=== ").Append(strategy.Name).Append('.').Append(setting.Name).Append('\n');
                sb.Append(setting.Default.ReplaceLineEndings("\n")).Append("\n\n");
            }
        }

        var actual = sb.ToString();
        var path = Path.Combine(SourceDirectory(), "Golden", "default-prompts.txt");
        var expected = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : string.Empty;
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            File.WriteAllText(Path.Combine(SourceDirectory(), "Golden", "default-prompts.actual.txt"), actual);
        }

        Assert.Equal(expected, actual);
    }

    private static string SourceDirectory([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
