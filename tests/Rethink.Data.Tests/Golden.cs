using System.Runtime.CompilerServices;
using System.Text;

namespace Rethink.Data.Tests;

/// <summary>
/// Byte-for-byte golden files under Golden/. Set RETHINK_UPDATE_GOLDEN=1 to rewrite them from the current output (then
/// read the diff: a golden is only as right as the person who accepted it).
/// </summary>
public static class Golden
{
    public static void Match(string name, byte[] actual, [CallerFilePath] string callerPath = "")
    {
        var sourcePath = Path.Combine(Path.GetDirectoryName(callerPath)!, "Golden", name);
        if (Environment.GetEnvironmentVariable("RETHINK_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllBytes(sourcePath, actual);
            return;
        }

        var path = Path.Combine(AppContext.BaseDirectory, "Golden", name);
        Assert.True(File.Exists(path), $"Golden file {name} is missing; run with RETHINK_UPDATE_GOLDEN=1 to create it.");
        var expected = File.ReadAllBytes(path);
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
            Assert.Equal(expected, actual);
        }
    }
}
