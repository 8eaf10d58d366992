using System.Text.Json;
using Rethink.Testing;

namespace Rethink.Verifiers.Tests;

/// <summary>
/// Reads the repository's sample files directly with System.Text.Json (this test project deliberately does not
/// reference Rethink.Evaluation, whose readers have their own tests).
/// </summary>
internal static class SampleLogs
{
    public static IEnumerable<JsonElement> Lines(string relative) =>
        File.ReadLines(RepoPaths.Sample(relative))
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone());

    public static string Text(this JsonElement e, string field) => e.GetProperty(field).GetString()!;

    public static IReadOnlyList<string> Turns(this JsonElement e) =>
        e.TryGetProperty("turns", out var turns) ? turns.EnumerateArray().Select(t => t.GetString()!).ToList() : [e.Text("response")];
}
