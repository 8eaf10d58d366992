using System.Globalization;
using System.Text.Json;
using Rethink.Core;
using Rethink.Server.Security;
using Rethink.Providers;
using Rethink.Strategies;

namespace Rethink.Cli.Commands;

/// <summary>
/// The <c>rethink serve --config</c> file: <c>{"models": [{"name", "model", "strategy"?, "settings"?,
/// "allowOverrides"?, "criticModel"?}], "limits"?: {...}, "allowedHosts"?: [...], "allowedOrigins"?: [...]}</c>. Everything is checked before any model is loaded; an error
/// is a usage error naming <c>file:line: field 'models[1].strategy': ...</c>. Unknown fields are errors too, so a typo
/// never silently serves the defaults.
/// </summary>
internal sealed record ServeConfig(IReadOnlyList<ServeModelEntry> Models, ServeLimits Limits, IReadOnlyList<string> AllowedHosts, IReadOnlyList<string> AllowedOrigins)
{
    private static readonly string[] ModelFields = ["name", "model", "strategy", "settings", "allowOverrides", "criticModel"];
    private static readonly string[] LimitFields = ["maxConcurrentRequests", "maxQueuedRequests", "requestTimeoutSeconds", "maxOutputTokens", "maxChoices", "maxMessages", "maxMessageChars", "maxRequestBodyBytes", "requestBodyTimeoutSeconds"];

    public static ServeConfig Load(string path, string displayPath)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read --config {displayPath}: {e.Message}");
        }

        var readerOptions = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            throw CliException.Usage(string.Create(CultureInfo.InvariantCulture, $"{displayPath}:{line}: invalid JSON: {FirstSentence(e.Message)}"));
        }

        using (document)
        {
            var reader = new Reader(displayPath, new JsonLineMap(bytes, readerOptions));
            return reader.Read(document.RootElement);
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    private sealed class Reader(string file, JsonLineMap lines)
    {
        public ServeConfig Read(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Fail(string.Empty, "the file must be a JSON object with a \"models\" array");
            }

            Known(root, string.Empty, ["models", "limits", "allowedHosts", "allowedOrigins"]);
            if (!root.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array || models.GetArrayLength() == 0)
            {
                throw Fail("models", "\"models\" must be a non-empty array");
            }

            var entries = new List<ServeModelEntry>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var item in models.EnumerateArray())
            {
                var at = string.Create(CultureInfo.InvariantCulture, $"models[{i++}]");
                var entry = Model(item, at);
                if (!names.Add(entry.Name))
                {
                    throw Fail(at + ".name", $"the name '{entry.Name}' is used twice");
                }

                entries.Add(entry);
            }

            var limits = root.TryGetProperty("limits", out var l) ? Limits(l) : new ServeLimits();
            var hosts = Strings(root, "allowedHosts", "host names or addresses", h => new LoopbackGuardOptions { AllowedHosts = [h] }.Validate());
            var origins = Strings(root, "allowedOrigins", "origins", o => new LoopbackGuardOptions { AllowedOrigins = [o] }.Validate());
            return new ServeConfig(entries, limits, hosts, origins);
        }

        private List<string> Strings(JsonElement root, string name, string what, Action<string> validate)
        {
            if (!root.TryGetProperty(name, out var array))
            {
                return [];
            }

            if (array.ValueKind != JsonValueKind.Array)
            {
                throw Fail(name, $"must be an array of {what}");
            }

            var values = new List<string>();
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                var at = string.Create(CultureInfo.InvariantCulture, $"{name}[{i++}]");
                if (item.ValueKind != JsonValueKind.String)
                {
                    throw Fail(at, "must be a string");
                }

                try
                {
                    validate(item.GetString()!);
                }
                catch (ArgumentException e)
                {
                    throw Fail(at, e.Message);
                }

                values.Add(item.GetString()!.Trim());
            }

            return values;
        }

        private ServeModelEntry Model(JsonElement item, string at)
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Fail(at, "each model must be an object");
            }

            Known(item, at, ModelFields);
            var name = RequiredString(item, at, "name");
            var model = RequiredString(item, at, "model");
            var critic = OptionalString(item, at, "criticModel");
            var strategy = OptionalString(item, at, "strategy");
            var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var allow = new List<string>();
            if (item.TryGetProperty("settings", out var s))
            {
                if (s.ValueKind != JsonValueKind.Object)
                {
                    throw Fail(at + ".settings", "must be an object of strategy settings");
                }

                foreach (var setting in s.EnumerateObject())
                {
                    settings[SettingKeys.Normalize(setting.Name)] = setting.Value.ValueKind switch
                    {
                        JsonValueKind.String => setting.Value.GetString()!,
                        JsonValueKind.Number => setting.Value.GetRawText(),
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => throw Fail($"{at}.settings.{setting.Name}", "must be a string, number or boolean"),
                    };
                }
            }

            if (item.TryGetProperty("allowOverrides", out var a))
            {
                if (a.ValueKind != JsonValueKind.Array || a.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
                {
                    throw Fail(at + ".allowOverrides", "must be an array of setting names");
                }

                allow.AddRange(a.EnumerateArray().Select(x => SettingKeys.Normalize(x.GetString()!)));
            }

            if (strategy is null)
            {
                if (settings.Count > 0 || allow.Count > 0 || critic is not null)
                {
                    throw Fail(at + ".strategy", "settings, allowOverrides and criticModel need a strategy");
                }
            }
            else
            {
                // The checks the served pipeline is built with (StrategyPipeline.Create), made before any model is loaded;
                // the argument at fault names the field.
                try
                {
                    strategy = StrategyPipeline.Validate(strategy, settings, allow).Name;
                }
                catch (ArgumentException e)
                {
                    var field = e.ParamName switch
                    {
                        "settings" => ".settings",
                        "allowOverrides" => ".allowOverrides",
                        _ => ".strategy",
                    };
                    throw Fail(at + field, StrategyFactory.TrimPeriod(e.Message));
                }
            }

            CheckSpec(model, at + ".model");
            if (critic is not null)
            {
                CheckSpec(critic, at + ".criticModel");
            }

            return new ServeModelEntry(name, model, strategy, settings, allow, critic);
        }

        private void CheckSpec(string spec, string field)
        {
            try
            {
                _ = ModelProviders.Parse(spec);
            }
            catch (ModelConfigurationException e)
            {
                throw Fail(field, e.Message.Replace("--model", "model", StringComparison.Ordinal));
            }
        }

        private ServeLimits Limits(JsonElement element)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Fail("limits", "must be an object");
            }

            Known(element, "limits", LimitFields);
            return new ServeLimits
            {
                MaxConcurrentRequests = Int(element, "maxConcurrentRequests", 1),
                MaxQueuedRequests = Int(element, "maxQueuedRequests", 0),
                RequestTimeoutSeconds = Int(element, "requestTimeoutSeconds", 1),
                MaxOutputTokens = Int(element, "maxOutputTokens", 1),
                MaxChoices = Int(element, "maxChoices", 1),
                MaxMessages = Int(element, "maxMessages", 1),
                MaxMessageChars = Int(element, "maxMessageChars", 1),
                MaxRequestBodyBytes = Int(element, "maxRequestBodyBytes", 1024),
                RequestBodyTimeoutSeconds = Int(element, "requestBodyTimeoutSeconds", 1),
            };
        }

        private int? Int(JsonElement element, string name, int minimum)
        {
            if (!element.TryGetProperty(name, out var v))
            {
                return null;
            }

            return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var x) && x >= minimum
                ? x
                : throw Fail("limits." + name, string.Create(CultureInfo.InvariantCulture, $"must be an integer of at least {minimum}"));
        }

        private void Known(JsonElement element, string at, string[] fields)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (!fields.Contains(property.Name, StringComparer.Ordinal))
                {
                    var path = at.Length == 0 ? property.Name : at + "." + property.Name;
                    throw Fail(path, $"unknown field; known: {string.Join(", ", fields)}");
                }
            }
        }

        private string RequiredString(JsonElement item, string at, string name) =>
            OptionalString(item, at, name) ?? throw Fail(at + "." + name, "is required");

        private string? OptionalString(JsonElement item, string at, string name)
        {
            if (!item.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return v.ValueKind == JsonValueKind.String && v.GetString()!.Trim() is { Length: > 0 } s
                ? s
                : throw Fail(at + "." + name, "must be a non-empty string");
        }

        private CliException Fail(string path, string message)
        {
            var line = lines.LineOf(path);
            return CliException.Usage(path.Length == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{file}:{line}: {message}")
                : string.Create(CultureInfo.InvariantCulture, $"{file}:{line}: field '{path}': {message}"));
        }
    }
}
