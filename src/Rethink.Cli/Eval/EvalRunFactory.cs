using Rethink.Cli.Commands;
using Rethink.Core;
using Rethink.Core.Execution;
using Rethink.Evaluation.Runs;
using Rethink.Providers;
using Rethink.Strategies;
using Rethink.Verifiers;
using Rethink.Verifiers.Code;

namespace Rethink.Cli.Eval;

/// <summary>
/// Assembles one model's run from the parsed settings, the suite, the strategies and the executor: the model
/// pipelines (through <paramref name="models"/>, which owns them), the configuration the store fingerprints, and the
/// context every (strategy, problem, sample) gets. The scoring verifier reaches a strategy only when the configuration
/// says so (verify-refine always, every strategy with <c>--feedback-verifier</c>), and the report labels it oracle.
/// </summary>
internal sealed class EvalRunFactory(EvalSettings settings, EvalSuite suite, IReadOnlyList<IStrategy> strategies, ICodeExecutor? executor, ModelFactory models, SecretScrubber scrubber)
{
    public EvalRun Create(ModelSpec modelSpec, ModelSpec? criticSpec)
    {
        var generator = models.Create(modelSpec, settings.Retries);
        var critic = criticSpec is null ? null : models.Create(criticSpec, settings.Retries);
        var verifier = suite.Verifier;
        var feedback = strategies
            .Where(s => settings.FeedbackVerifier || StrategyCatalog.NeedsFeedbackVerifier(s))
            .Select(s => s.Name)
            .ToHashSet(StringComparer.Ordinal);
        var components = new RunComponents
        {
            FeedbackVerifier = verifier.Name,
            FeedbackStrategies = strategies.Select(s => s.Name).Where(feedback.Contains).ToList(),
            CriticModel = critic?.Identity.ToString(),
            DatasetLimit = suite.Limit,

            // Recorded (and fingerprinted): a run resumed under another isolation or time limit is refused.
            CodeIsolation = executor?.Isolation,
            CodeTimeoutSeconds = executor is null ? null : settings.ExecTimeoutSeconds,
            Others = suite.VerifierComponents,
        };
        var configuration = new RunConfiguration
        {
            Model = new ModelDescription(modelSpec.Scheme, modelSpec.Model, modelSpec.Endpoint?.AbsoluteUri) { Digest = generator.Identity.Digest },
            Dataset = suite.Description,
            SamplesPerProblem = settings.Samples,
            Seed = settings.Seed,
            Chat = new RunChatSettings { Temperature = settings.Temperature, SampleTemperature = settings.SampleTemperature, MaxOutputTokens = settings.MaxOutputTokens },
            Components = components.ToDictionary(),
            Concurrency = settings.Concurrency,
            ProblemTimeout = settings.ProblemTimeout,
            Budgets = new RunBudgets
            {
                MaxTokensPerProblem = settings.MaxTokensPerProblem,
                MaxRunTokens = settings.BudgetTokens,
                MaxRunCost = settings.BudgetCost,
                InputPricePerMillion = settings.PriceIn,
                OutputPricePerMillion = settings.PriceOut,
            },

            // stop: the first failed problem ends the run (resumable); skip: go on, but a dead endpoint still ends it.
            AbortAfterConsecutiveErrors = settings.SkipErrors ? 5 : 1,
        };
        var plan = new RunPlan
        {
            Configuration = configuration,
            Problems = suite.Problems,
            Strategies = strategies,
            ScoringVerifier = verifier,
            ContextFactory = request => new StrategyContext
            {
                Generator = generator.Client,
                CriticModel = critic?.Client,
                FeedbackVerifier = feedback.Contains(request.Strategy.Name) ? verifier : null,
                CodeExecutor = executor,
                Extractor = ExtractorFor(request.Problem),
            },
            Scrubber = scrubber,
        };
        return new EvalRun(plan, generator, critic);
    }

    private static IAnswerExtractor ExtractorFor(Problem problem) =>
        problem.Reference.Kind is AnswerKind.Numeric or AnswerKind.Choice or AnswerKind.Exact or AnswerKind.Regex
            ? AnswerExtractors.For(problem.Reference.Kind, problem.Reference.Choices)
            : problem.Reference.Kind == AnswerKind.Code ? CodeAnswerExtractor.Instance : LastLineAnswerExtractor.Instance;
}
