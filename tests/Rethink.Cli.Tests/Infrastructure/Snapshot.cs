namespace Rethink.Cli.Tests.Infrastructure;

/// <summary>
/// Golden files for text a person reads. A mismatch fails with both texts; RETHINK_UPDATE_SNAPSHOTS=1 rewrites the
/// golden file instead (review the diff before committing).
/// </summary>
public static class Snapshot
{
    public static void Match(string name, string actual)
    {
        actual = Normalize(actual);
        var path = Path.Combine(RepoPaths.TestProject, "Snapshots", name + ".txt");
        if (System.Environment.GetEnvironmentVariable("RETHINK_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"snapshot {path} is missing; run the tests with RETHINK_UPDATE_SNAPSHOTS=1 to create it");
        var expected = Normalize(File.ReadAllText(path));
        Assert.Equal(expected, actual);
    }

    // Help wraps with trailing spaces; editors strip them from golden files, so neither side keeps them.
    private static string Normalize(string text) =>
        string.Join("\n", text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()));
}
