using Rethink.Cli.Output;

namespace Rethink.Cli.Commands;

/// <summary>
/// The report files of one command (<c>--json</c>, <c>--markdown</c>), checked when the command starts. When one of
/// them is <c>-</c>, standard output carries that document alone and the text report goes to standard error, so the
/// output can be piped into another program.
/// </summary>
/// <param name="Json">Where the JSON report goes, if anywhere.</param>
/// <param name="Markdown">Where the Markdown report goes, if anywhere.</param>
internal sealed record ReportTargets(OutputTarget? Json, OutputTarget? Markdown)
{
    /// <summary>Checks both values (see <see cref="OutputTarget.Parse"/>); both <c>-</c>, or both the same file, is a usage error.</summary>
    public static ReportTargets Parse(CliContext context, string? json, string? markdown)
    {
        var targets = new ReportTargets(
            json is null ? null : OutputTarget.Parse(context, "--json", json),
            markdown is null ? null : OutputTarget.Parse(context, "--markdown", markdown));
        if (targets is { Json.IsStandardOutput: true, Markdown.IsStandardOutput: true })
        {
            throw CliException.Usage("--json and --markdown cannot both go to standard output: it carries one document");
        }

        if (targets is { Json.Kind: OutputTargetKind.File, Markdown.Kind: OutputTargetKind.File } && targets.Json.Path == targets.Markdown.Path)
        {
            throw CliException.Usage($"--json and --markdown name the same file ({json}); the second report would replace the first");
        }

        return targets;
    }

    /// <summary>True when a report goes to standard output.</summary>
    public bool UsesStandardOutput => Json?.IsStandardOutput == true || Markdown?.IsStandardOutput == true;

    /// <summary>Where the text report goes: standard output, unless a report document has it.</summary>
    public TextWriter TextWriter(CliContext context) => UsesStandardOutput ? context.Error : context.Out;

    /// <summary>The targets of one of several runs (see <see cref="OutputTarget.WithSuffix"/>).</summary>
    public ReportTargets WithSuffix(string suffix) => new(Json?.WithSuffix(suffix), Markdown?.WithSuffix(suffix));
}
