namespace Rethink.Testing;

/// <summary>
/// Places in the repository the tests run from: its root (the folder that holds Rethink.slnx, found by walking up from
/// the test's output directory), the shipped samples and models. Every test project finds them here.
/// </summary>
public static class RepoPaths
{
    /// <summary>The repository root; the working directory of the CLI end-to-end tests.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>samples/: the small datasets and response files in the supported formats.</summary>
    public static string Samples => Path.Combine(Root, "samples");

    /// <summary>models/: the shipped lab model weights.</summary>
    public static string Models => Path.Combine(Root, "models");

    /// <summary>The file samples/<paramref name="relative"/>; throws <see cref="FileNotFoundException"/> when it is not there.</summary>
    public static string Sample(string relative)
    {
        var path = Path.Join(Samples, relative);
        return File.Exists(path) ? path : throw new FileNotFoundException($"samples/{relative} not found under {Root}", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Rethink.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Could not find the repository root (Rethink.slnx) above " + AppContext.BaseDirectory);
    }
}
