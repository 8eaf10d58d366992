using System.Text.Json;

namespace Rethink.Verifiers.Tests;

/// <summary>
/// Reads the repository's sample files directly with System.Text.Json (this test project deliberately does not
/// reference Rethink.Evaluation, whose readers have their own tests).
/// </summary>
internal static class SampleLogs
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

    public static IEnumerable<JsonElement> Lines(string relative) =>
        File.ReadLines(Path(relative))
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone());

    public static string Text(this JsonElement e, string field) => e.GetProperty(field).GetString()!;

    public static IReadOnlyList<string> Turns(this JsonElement e) =>
        e.TryGetProperty("turns", out var turns) ? turns.EnumerateArray().Select(t => t.GetString()!).ToList() : [e.Text("response")];
}
