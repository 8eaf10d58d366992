namespace Rethink.Server.Tests.Infrastructure;

/// <summary>
/// Golden files for bytes a person or a client parser reads. A mismatch fails with both texts;
/// RETHINK_UPDATE_SNAPSHOTS=1 rewrites the golden file instead (review the diff before committing).
/// </summary>
public static class Snapshot
{
    public static void Match(string name, string actual)
    {
        var path = Path.Combine(RepoPaths.TestProject, "Snapshots", name);
        if (Environment.GetEnvironmentVariable("RETHINK_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"snapshot {path} is missing; run the tests with RETHINK_UPDATE_SNAPSHOTS=1 to create it");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }
}
