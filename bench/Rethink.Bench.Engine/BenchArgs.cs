namespace Rethink.Bench.Engine;

/// <summary>Minimal `--name value` option parsing for the bench verbs.</summary>
internal static class BenchArgs
{
    public static string? String(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public static int Int(string[] args, string name, int fallback) =>
        String(args, name) is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
