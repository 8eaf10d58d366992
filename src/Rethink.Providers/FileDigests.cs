using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Rethink.Providers;

/// <summary>
/// SHA-256 of model files, computed once per file version (path, length and last write time), since a run asks for a
/// model's identity several times and a lab model is tens of megabytes. Thread-safe.
/// </summary>
internal static class FileDigests
{
    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime Written), string> Known = new();

    public static string Of(string path)
    {
        var info = new FileInfo(path);
        var key = (info.FullName, info.Length, info.LastWriteTimeUtc);
        return Known.GetOrAdd(key, static k =>
        {
            using var stream = File.OpenRead(k.Path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        });
    }
}
