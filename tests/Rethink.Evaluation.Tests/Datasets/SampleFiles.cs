namespace Rethink.Evaluation.Tests.Datasets;

/// <summary>Finds the repository's samples folder from the test's output directory.</summary>
internal static class SampleFiles
{
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Join(dir.FullName, "samples", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"samples/{relative} not found above {AppContext.BaseDirectory}");
    }
}
