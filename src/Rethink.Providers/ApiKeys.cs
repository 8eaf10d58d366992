namespace Rethink.Providers;

/// <summary>
/// Where API keys come from. Keys are read from the environment only: a key on the command line ends up in shell
/// history, process listings and CI logs, so the CLI refuses it outright.
/// </summary>
public static class ApiKeys
{
    /// <summary>The variable read first.</summary>
    public const string PrimaryVariable = "RETHINK_API_KEY";

    /// <summary>The variable read when <see cref="PrimaryVariable"/> is unset, so existing OpenAI setups work unchanged.</summary>
    public const string FallbackVariable = "OPENAI_API_KEY";

    /// <summary>Sent to endpoints that need no key (local servers); the OpenAI client refuses an empty one.</summary>
    public const string Placeholder = "no-key";

    /// <summary>Option names people try for keys; they are refused before parsing so the value is never echoed.</summary>
    private static readonly string[] RefusedOptionPrefixes = ["--api-key", "--apikey", "--api_key", "--key", "--openai-api-key", "--token"];

    /// <summary>The configured key, or null when neither variable is set (blank counts as unset).</summary>
    public static string? Read(Func<string, string?> getEnvironmentVariable)
    {
        var key = getEnvironmentVariable(PrimaryVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            key = getEnvironmentVariable(FallbackVariable);
        }

        return string.IsNullOrWhiteSpace(key) ? null : key.Trim();
    }

    /// <summary>The first argument that tries to pass a key, or null.</summary>
    public static string? FindKeyOption(IReadOnlyList<string> args)
    {
        foreach (var arg in args)
        {
            if (arg == "--")
            {
                break;
            }

            foreach (var prefix in RefusedOptionPrefixes)
            {
                if (arg.Equals(prefix, StringComparison.OrdinalIgnoreCase)
                    || arg.StartsWith(prefix + "=", StringComparison.OrdinalIgnoreCase)
                    || arg.StartsWith(prefix + ":", StringComparison.OrdinalIgnoreCase))
                {
                    return prefix;
                }
            }
        }

        return null;
    }
}
