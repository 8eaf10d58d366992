using Rethink.Core;

namespace Rethink.Strategies;

/// <summary>
/// The strategies that can be created by name, with string settings (for the CLI, the server and run files).
/// Setting keys are snake_case and are the same keys each strategy reports in <see cref="IStrategy.Settings"/>, so
/// <c>Create(s.Name, s.Settings)</c> rebuilds an equivalent strategy. Values are invariant-culture strings; booleans
/// accept true/false (also yes/no, on/off, 1/0); optional values accept an empty string (or none/off for numbers) to
/// mean "off"; enums accept their kebab-case names. Errors are <see cref="ArgumentException"/>s whose message lists
/// the valid names or states the bound. Stateless and thread-safe.
/// </summary>
public static class StrategyCatalog
{
    private static readonly IReadOnlyList<StrategyRegistration> Registrations =
    [
        new StrategyRegistration<DirectOptions>(
            DirectStrategy.StrategyName, "Answer once with the problem as given (baseline).", DirectStrategy.Bindings, o => new DirectStrategy(o)),
        new StrategyRegistration<ChainOfThoughtOptions>(
            ChainOfThoughtStrategy.StrategyName, "Answer once after a step-by-step instruction (baseline).", ChainOfThoughtStrategy.Bindings, o => new ChainOfThoughtStrategy(o)),
        new StrategyRegistration<ReaskOptions>(
            ReaskStrategy.StrategyName, "Answer, then ask the same question again in the same conversation (Confidence-vs-Critique).", ReaskStrategy.Bindings, o => new ReaskStrategy(o)),
        new StrategyRegistration<CritiqueReviseOptions>(
            CritiqueReviseStrategy.StrategyName, "Answer, find problems with the answer, improve it (intrinsic self-correction, Huang et al.).", CritiqueReviseStrategy.Bindings, o => new CritiqueReviseStrategy(o)),
        new StrategyRegistration<SelfRefineOptions>(
            SelfRefineStrategy.StrategyName, "Generate, get feedback, refine with the history of attempts and feedback (Self-Refine).", SelfRefineStrategy.Bindings, o => new SelfRefineStrategy(o)),
        new StrategyRegistration<VerifyRefineOptions>(
            VerifyRefineStrategy.StrategyName, "Refine on a feedback verifier's verdict until it passes (oracle-assisted; needs a verifier).", VerifyRefineStrategy.Bindings, o => new VerifyRefineStrategy(o)),
        new StrategyRegistration<IoeOptions>(
            IoeStrategy.StrategyName, "Keep the answer if confident, otherwise update; reconcile if it changed (If-or-Else).", IoeStrategy.Bindings, o => new IoeStrategy(o)),
        new StrategyRegistration<SelfConsistencyOptions>(
            SelfConsistencyStrategy.StrategyName, "Sample several answers and take the majority, stopping early by Adaptive-Consistency.", SelfConsistencyStrategy.Bindings, o => new SelfConsistencyStrategy(o)),
        new StrategyRegistration<BestOfNOptions>(
            BestOfNStrategy.StrategyName, "Sample N answers and pick one with a verifier, judge, log-probability or vote.", BestOfNStrategy.Bindings, o => new BestOfNStrategy(o)),
        new StrategyRegistration<CriticOptions>(
            CriticStrategy.StrategyName, "Write a program for the answer, run it, critique it with the run's output, rewrite (CRITIC; needs code execution).", CriticStrategy.Bindings, o => new CriticStrategy(o)),
        new StrategyRegistration<CriticOptions>(
            CriticStrategy.NoToolStrategyName, "CRITIC ablation: programs still run for the answer, but the critique never sees their output (needs code execution).", CriticStrategy.Bindings, o => new CriticStrategy(o with { UseTool = false })),
        new StrategyRegistration<ProgCoOptions>(
            ProgCoStrategy.StrategyName, "Verify the answer with a self-written verification program, executed by the model (or the sandbox); refine answer and program on failure (ProgCo).", ProgCoStrategy.Bindings, o => new ProgCoStrategy(o)),
        new StrategyRegistration<SelfDebugOptions>(
            SelfDebugStrategy.StrategyName, "Write code, run the visible tests, explain the failures and fix the code (Self-Debugging; needs code execution).", SelfDebugStrategy.Bindings, o => new SelfDebugStrategy(o)),
    ];

    /// <summary>Every known strategy, in a stable order.</summary>
    public static IReadOnlyList<StrategyDescriptor> All { get; } = Registrations.Select(r => r.Descriptor).ToList();

    /// <summary>The known names, in the same order as <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(d => d.Name).ToList();

    /// <summary>True when <paramref name="name"/> is a known strategy (case-insensitive).</summary>
    public static bool Contains(string name) => Find(name) is not null;

    /// <summary>The descriptor of <paramref name="name"/>; throws <see cref="ArgumentException"/> listing the valid names when unknown.</summary>
    public static StrategyDescriptor Describe(string name) => Get(name).Descriptor;

    /// <summary>
    /// Creates the strategy <paramref name="name"/> with <paramref name="settings"/> (missing keys keep their defaults).
    /// Throws <see cref="ArgumentException"/> for an unknown name or setting (listing the valid ones) and for a bad
    /// value (naming the setting and the bound or accepted values).
    /// </summary>
    public static IStrategy Create(string name, IReadOnlyDictionary<string, string>? settings = null) =>
        Get(name).Create(settings ?? new Dictionary<string, string>());

    /// <summary>
    /// True for strategy instances that cannot run without <see cref="StrategyContext.FeedbackVerifier"/>:
    /// verify-refine, and best-of-n with the verifier selector. Callers hand them a verifier and report them as
    /// oracle-assisted; every other strategy never touches one. (self-debug with <c>tests=hidden</c> is oracle-assisted
    /// too but reads the hidden tests itself; its trajectories say so through <see cref="Trajectory.SawVerifier"/>.)
    /// </summary>
    public static bool NeedsFeedbackVerifier(IStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return strategy switch
        {
            VerifyRefineStrategy => true,
            BestOfNStrategy bestOfN => bestOfN.Options.Selector == BestOfNSelector.Verifier,
            _ => false,
        };
    }

    /// <summary>
    /// True for strategy instances that cannot run without <see cref="StrategyContext.CodeExecutor"/>: critic,
    /// critic-no-tool, self-debug, and progco with <c>execution=sandbox</c>. Callers build a sandbox for them (and record
    /// its isolation level); every other strategy never runs code.
    /// </summary>
    public static bool NeedsCodeExecutor(IStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return strategy switch
        {
            CriticStrategy or SelfDebugStrategy => true,
            ProgCoStrategy progCo => progCo.Options.Execution == ProgCoExecution.Sandbox,
            _ => false,
        };
    }

    /// <summary>
    /// Parses a comma-separated list such as <c>direct,reask,self-refine</c>: names are trimmed and lower-cased; empty
    /// entries, unknown names and duplicates are errors (<see cref="ArgumentException"/> listing the valid names).
    /// </summary>
    public static IReadOnlyList<string> ParseList(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var names = new List<string>();
        foreach (var raw in list.Split(','))
        {
            var name = raw.Trim().ToLowerInvariant();
            if (name.Length == 0)
            {
                throw new ArgumentException($"The strategy list '{list}' has an empty entry; valid strategies: {string.Join(", ", Names)}.", nameof(list));
            }

            var descriptor = Describe(name);
            if (names.Contains(descriptor.Name, StringComparer.Ordinal))
            {
                throw new ArgumentException($"The strategy list '{list}' names '{descriptor.Name}' twice.", nameof(list));
            }

            names.Add(descriptor.Name);
        }

        return names;
    }

    private static StrategyRegistration? Find(string name) =>
        name is null ? null : Registrations.FirstOrDefault(r => string.Equals(r.Descriptor.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    private static StrategyRegistration Get(string name) =>
        Find(name) ?? throw new ArgumentException($"Unknown strategy '{name}'; valid strategies: {string.Join(", ", Names)}.", nameof(name));
}
