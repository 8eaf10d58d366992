using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;

namespace Rethink.Data.Tests;

/// <summary>JSON Schema validation with JsonSchema.Net: our record schema (embedded) and the fixture schemas of the OpenAI and TRL shapes.</summary>
public static class SchemaCheck
{
    private static readonly ConcurrentDictionary<string, JsonSchema> Cache = new(StringComparer.Ordinal);
    private static readonly Lazy<JsonSchema> RecordSchema = new(() => JsonSchema.FromText(JsonlRecordWriter.ReadSchema()));

    public static JsonSchema Record => RecordSchema.Value;

    public static JsonSchema Fixture(string name) =>
        Cache.GetOrAdd(name, n => JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", n + ".schema.json"))));

    public static IReadOnlyList<string> Errors(JsonSchema schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        var errors = (result.Details ?? [])
            .Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .ToList();
        return errors.Count == 0 ? ["invalid"] : errors;
    }

    public static void AssertValid(JsonSchema schema, string json)
    {
        var errors = Errors(schema, json);
        Assert.True(errors.Count == 0, $"{json}\n{string.Join("\n", errors)}");
    }
}
