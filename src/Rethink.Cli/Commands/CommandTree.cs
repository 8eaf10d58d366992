using System.CommandLine;
using System.CommandLine.Help;

namespace Rethink.Cli.Commands;

/// <summary>Builds the <c>rethink</c> command tree. A new tree per invocation: commands hold no state between runs.</summary>
internal static class CommandTree
{
    /// <summary>Shows stack traces for unexpected errors (secrets redacted).</summary>
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show details (stack traces) for unexpected errors.",
        Recursive = true,
    };

    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand(
            "Rethink: make language models check and correct their own work, and measure honestly whether that helped.")
        {
            HelpName = "rethink",
        };
        root.Options.Add(Verbose);
        root.Subcommands.Add(new AskCommand(context).Build());
        root.Subcommands.Add(new EvalCommand(context).Build());
        root.Subcommands.Add(new ReportCommand(context).Build());
        root.Subcommands.Add(new ScoreCommand(context).Build());
        root.Subcommands.Add(new ExportCommand(context).Build());
        root.Subcommands.Add(new DataCommand(context).Build());
        root.Subcommands.Add(new LabCommand(context).Build());
        root.Subcommands.Add(new ServeCommand(context).Build());

        // Help reads the same on every machine (and in snapshots) instead of following the console width.
        foreach (var option in root.Options)
        {
            if (option is HelpOption { Action: HelpAction help })
            {
                help.MaxWidth = context.Host.HelpWidth;
            }
        }

        return root;
    }
}
