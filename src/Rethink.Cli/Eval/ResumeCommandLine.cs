namespace Rethink.Cli.Eval;

/// <summary>The command line that continues a run: the one given, with <c>--resume RUN</c> in place of <c>--run-id</c>/<c>--resume</c>.</summary>
internal static class ResumeCommandLine
{
    /// <summary>The line, quoted for a POSIX shell; <paramref name="model"/> is added when the original named none.</summary>
    public static string For(IReadOnlyList<string> given, string runId, string model)
    {
        var args = new List<string> { "rethink" };
        for (var i = 0; i < given.Count; i++)
        {
            var arg = given[i];
            if (arg is "--run-id" or "--resume")
            {
                i++;
                continue;
            }

            if (arg.StartsWith("--run-id=", StringComparison.Ordinal) || arg.StartsWith("--resume=", StringComparison.Ordinal))
            {
                continue;
            }

            args.Add(arg);
        }

        if (!given.Any(a => a is "--model" or "-m" || a.StartsWith("--model=", StringComparison.Ordinal)))
        {
            args.Add("--model");
            args.Add(model);
        }

        args.Add("--resume");
        args.Add(runId);
        return string.Join(' ', args.Select(Quote));
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:@=,+%".Contains(c, StringComparison.Ordinal))
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
