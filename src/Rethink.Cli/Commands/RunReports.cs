using System.Globalization;
using Rethink.Cli.Output;
using Rethink.Core;
using Rethink.Evaluation.Reports;
using Rethink.Evaluation.Runs;

namespace Rethink.Cli.Commands;

/// <summary>
/// Report plumbing shared by <c>eval</c>, <c>report</c> and <c>score</c>: what a report says about its run (from the
/// stored configuration, so <c>eval</c> and a later <c>report</c> print the same thing), and where it is written.
/// </summary>
internal static class RunReports
{
    /// <summary>The run component holding the k values of pass@k a code run's report shows (comma separated).</summary>
    public const string PassAtKComponent = "report.pass_at_k";

    /// <summary>The report builder for a stored run: its seed, and for a scored code run the pass@k values it was scored with.</summary>
    public static ReportBuilder Builder(long seed, RunConfiguration configuration)
    {
        var ks = configuration.TypedComponents.Others.TryGetValue(PassAtKComponent, out var text)
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(k => int.Parse(k, CultureInfo.InvariantCulture)).ToList()
            : [];
        return new ReportBuilder(new ReportOptions { BootstrapSeed = unchecked((int)seed), PassAtK = ks });
    }

    public static RunMetadata Metadata(string runId, RunConfiguration configuration, RunCompletion? completion)
    {
        var components = configuration.TypedComponents;
        return new RunMetadata(
            runId,
            configuration.Model.Display(),
            Path.GetFileName(configuration.Dataset.Path) + " (" + configuration.Dataset.Format + ")")
        {
            Seed = configuration.Seed,
            ScoringVerifier = configuration.ScoringVerifier,
            FeedbackVerifierStrategies = components.FeedbackStrategies,
            CodeExecution = components.CodeIsolation,
            Completion = completion,
        };
    }

    public static ReportBuilder Builder(long seed) => new(new ReportOptions { BootstrapSeed = unchecked((int)seed) });

    public static async Task WriteAsync(CliContext context, Report report, ReportTargets targets, CancellationToken cancellationToken)
    {
        targets.TextWriter(context).Write(TerminalText.Sanitize(new TextReportRenderer().Render(report)));
        await WriteFilesAsync(context, new JsonReportRenderer().Render(report), new MarkdownReportRenderer().Render(report), targets, cancellationToken)
            .ConfigureAwait(false);
    }

    public static async Task WriteAsync(CliContext context, RunComparison comparison, ReportTargets targets, CancellationToken cancellationToken)
    {
        targets.TextWriter(context).Write(TerminalText.Sanitize(new TextReportRenderer().Render(comparison)));
        await WriteFilesAsync(context, new JsonReportRenderer().Render(comparison), new MarkdownReportRenderer().Render(comparison), targets, cancellationToken)
            .ConfigureAwait(false);
    }

    public static string Describe(RunOutcome outcome) => string.Create(
        CultureInfo.InvariantCulture,
        $"run {outcome.RunId}: {Status(outcome.Status)}, {outcome.Finished}/{outcome.Total} finished, {outcome.Errors} error(s), {outcome.BilledUsage.TotalTokens} billed tokens{(outcome.Cost is { } cost ? $", cost {cost:0.####}" : string.Empty)}");

    public static string Status(RunStatus status) => status switch
    {
        RunStatus.BudgetStopped => "stopped by budget",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static async Task WriteFilesAsync(CliContext context, string json, string markdown, ReportTargets targets, CancellationToken cancellationToken)
    {
        if (targets.Json is { } jsonTarget)
        {
            await jsonTarget.WriteAsync(json, cancellationToken).ConfigureAwait(false);
            if (!jsonTarget.IsStandardStream)
            {
                context.WriteHint($"JSON report written to {jsonTarget}");
            }
        }

        if (targets.Markdown is { } markdownTarget)
        {
            await markdownTarget.WriteAsync(markdown, cancellationToken).ConfigureAwait(false);
            if (!markdownTarget.IsStandardStream)
            {
                context.WriteHint($"Markdown report written to {markdownTarget}");
            }
        }
    }
}
