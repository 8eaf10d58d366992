using System.Security.Cryptography;

namespace Rethink.Evaluation.Runs;

/// <summary>
/// The dataset a run read: where it was, what exactly it contained (SHA-256 of the file's bytes) and its format.
/// Only the hash and format determine results; the path may change between a run and its resume. Immutable.
/// </summary>
/// <param name="Path">Path the dataset was read from, as given.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file's bytes.</param>
/// <param name="Format">Format adapter name (e.g. <c>jsonl</c>, <c>gsm8k</c>).</param>
public sealed record DatasetDescription(string Path, string Sha256, string Format)
{
    /// <summary>Hashes the file at <paramref name="path"/> (streamed; the file is not modified).</summary>
    public static async Task<DatasetDescription> FromFileAsync(string path, string format, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(format);
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return new DatasetDescription(path, Convert.ToHexStringLower(hash), format);
        }
    }
}
