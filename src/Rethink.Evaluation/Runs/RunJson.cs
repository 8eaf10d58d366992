using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Rethink.Evaluation.Runs;

/// <summary>
/// The JSON settings of the run store: web defaults (camelCase), enums as names, named floating-point literals allowed
/// (a provider may report a NaN log-probability). Core records serialise with these and round-trip exactly; computed
/// properties carry <c>[JsonIgnore]</c>. The instance is read-only and thread-safe.
/// </summary>
public static class RunJson
{
    /// <summary>The shared, read-only serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            WriteIndented = false,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly();
        return options;
    }
}
