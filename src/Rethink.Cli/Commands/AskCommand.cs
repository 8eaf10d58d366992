using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Rethink.Providers;
using Rethink.Cli.Output;
using Rethink.Core;
using Rethink.Evaluation.Runs;
using Rethink.Strategies;
using Rethink.Verifiers;

namespace Rethink.Cli.Commands;

/// <summary><c>rethink ask</c>: one question through one strategy; prints the answer and what the strategy did.</summary>
internal sealed class AskCommand
{
    private readonly CliContext _context;
    private readonly Argument<string> _question = new("question") { Description = "The question to answer." };
    private readonly Option<string> _strategy = new("--strategy", "-s")
    {
        Description = "The strategy: " + string.Join(", ", StrategyCatalog.Names) + ".",
        DefaultValueFactory = _ => "self-refine",
    };

    private readonly Option<string> _model = CommonOptions.Model();
    private readonly Option<string?> _criticModel = CommonOptions.CriticModel();
    private readonly Option<string[]> _set = CommonOptions.Set();
    private readonly Option<string?> _format = new("--format", "-f")
    {
        Description = "How to extract the final answer: gsm8k, math, mc or jsonl (default: the last line).",
    };

    private readonly Option<bool> _showTrajectory = new("--show-trajectory")
    {
        Description = "Print every turn's full text, not just the summary table.",
    };

    private readonly Option<float> _temperature = CommonOptions.Temperature();
    private readonly Option<int?> _maxOutputTokens = CommonOptions.MaxOutputTokens().AtLeast(1);
    private readonly Option<long?> _maxTokens = CommonOptions.MaxTokensPerProblem().AtLeast(1);
    private readonly Option<double> _timeout = CommonOptions.Timeout().AtLeast(0.001);
    private readonly Option<int> _retries = CommonOptions.Retries().AtLeast(0);
    private readonly Option<long> _seed = CommonOptions.Seed("Seed sent to the provider (sample i uses seed + i).");
    private readonly Option<string?> _json = new("--json") { Description = "Also write the trajectory as JSON to this file ('-': standard output, the rest then goes to standard error).", HelpName = "file" };

    public AskCommand(CliContext context) => _context = context;

    public Command Build()
    {
        var command = new Command("ask", "Answer one question with a strategy and show the trajectory (turns, roles, stop reason, tokens).")
        {
            _question, _strategy, _model, _criticModel, _set, _format, _showTrajectory, _temperature, _maxOutputTokens,
            _maxTokens, _timeout, _retries, _seed, _json,
        };
        command.SetAction(ExecuteAsync);
        return command;
    }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var jsonTarget = parse.GetValue(_json) is { } json ? OutputTarget.Parse(_context, "--json", json) : null;
        var question = parse.GetRequiredValue(_question);
        if (string.IsNullOrWhiteSpace(question))
        {
            throw CliException.Usage("the question is empty");
        }

        var modelSpec = ModelProviders.Parse(parse.GetRequiredValue(_model));
        var criticSpec = parse.GetValue(_criticModel) is { } critic ? ModelProviders.Parse(critic) : null;
        var kind = parse.GetValue(_format) is { } format ? DatasetLoader.AnswerFormat(format).Kind : null;
        var names = StrategyFactory.ParseNames(parse.GetRequiredValue(_strategy));
        if (names.Count != 1)
        {
            throw CliException.Usage("ask runs one strategy; use eval to compare several");
        }

        var strategy = StrategyFactory.Create(names, CommonOptions.ParseSettings(parse.GetValue(_set)))[0];
        var retries = parse.GetValue(_retries);
        using var models = new ModelFactory(_context);
        var generator = models.Create(modelSpec, retries);
        var criticClient = criticSpec is null ? null : models.Create(criticSpec, retries);
        var seed = parse.GetValue(_seed);
        var context = new StrategyContext
        {
            Generator = generator.Client,
            CriticModel = criticClient?.Client,
            Extractor = kind is { } k ? AnswerExtractors.For(k) : LastLineAnswerExtractor.Instance,
            Options = new ChatOptions
            {
                ModelId = modelSpec.Model,
                Temperature = parse.GetValue(_temperature),
                MaxOutputTokens = parse.GetValue(_maxOutputTokens),
                Seed = seed,
            },
            Seed = seed,
            MaxTokens = parse.GetValue(_maxTokens),
        };

        var problem = Problem.FromQuestion("ask", question);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(parse.GetValue(_timeout)));
        Trajectory trajectory;
        var exitCode = ExitCodes.Success;
        try
        {
            trajectory = await strategy.RunAsync(problem, context, timeout.Token).ConfigureAwait(false);
        }
        catch (StrategyStoppedException stopped) when (stopped.Partial.StopReason != StopReasons.Error)
        {
            // Budget, timeout or Ctrl+C: show what was paid for, then say the answer is not final.
            trajectory = stopped.Partial;
            if (trajectory.StopReason == StopReasons.Cancelled && !cancellationToken.IsCancellationRequested)
            {
                trajectory = trajectory with { StopReason = StopReasons.Timeout };
            }

            exitCode = ExitCodes.Incomplete;
        }
        catch (Exception) when ((generator.Health.LastFailure ?? criticClient?.Health.LastFailure) is { } failure)
        {
            throw CliException.Endpoint(failure);
        }

        // With --json -, standard output carries the trajectory alone.
        var output = jsonTarget?.IsStandardOutput == true ? _context.Error : _context.Out;
        output.WriteLine(TerminalText.Sanitize(trajectory.Final.Text));
        output.WriteLine();
        output.WriteLine("Answer: " + TerminalText.Sanitize(trajectory.Final.Answer ?? "(none extracted)"));
        TrajectoryPrinter.Print(output, trajectory, parse.GetValue(_showTrajectory));
        if (jsonTarget is not null)
        {
            await jsonTarget.WriteAsync(JsonSerializer.Serialize(trajectory, RunJson.Options) + "\n", cancellationToken).ConfigureAwait(false);
        }

        if (exitCode == ExitCodes.Incomplete)
        {
            _context.WriteError($"stopped before a final answer ({trajectory.StopReason})");
        }

        return exitCode;
    }
}
