using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Rethink.Evaluation.Runs;

/// <summary>
/// Everything a run was started with. <see cref="Fingerprint"/> hashes what determines results (model, strategies and
/// their settings, scoring verifier, dataset content and format, samples, seed, chat settings, per-problem token
/// budget, <see cref="Components"/>); concurrency, timeouts, run-level budgets, prices and the failure cap are left out
/// so a run can be resumed with different ones. Holds no credentials (see <see cref="ModelDescription"/>). Immutable.
/// </summary>
public sealed record RunConfiguration
{
    /// <summary>Multiplier of the sample index in <see cref="SampleSeed"/>: a large prime keeps per-call seed offsets
    /// (seed + call sample index, see <c>ModelCall</c>) of different run samples from colliding.</summary>
    public const long SampleSeedStride = 1_000_003;

    /// <summary>The model that generates (the generator of every strategy context).</summary>
    public required ModelDescription Model { get; init; }

    /// <summary>
    /// The strategies run on every problem, in report order; names must be unique. In a <see cref="RunPlan"/> these are
    /// always the descriptions of the plan's live strategies.
    /// </summary>
    public IReadOnlyList<StrategyDescription> Strategies { get; init; } = [];

    /// <summary>
    /// Name of the verifier that scores every committed attempt (<c>IVerifier.Name</c>). In a <see cref="RunPlan"/> it
    /// is always the plan's verifier's.
    /// </summary>
    public string ScoringVerifier { get; init; } = string.Empty;

    /// <summary>The dataset.</summary>
    public required DatasetDescription Dataset { get; init; }

    /// <summary>Independent trajectories per (strategy, problem), S in Confidence-vs-Critique; at least 1.</summary>
    public int SamplesPerProblem { get; init; } = 1;

    /// <summary>Base seed; run sample s uses <see cref="SampleSeed"/>(Seed, s).</summary>
    public long Seed { get; init; }

    /// <summary>Base generation settings.</summary>
    public RunChatSettings Chat { get; init; } = new();

    /// <summary>
    /// Other settings that determine results and that the caller's strategy-context factory applies (critic model,
    /// feedback verifier, code isolation...), in their stored form of name/value strings: write them with
    /// <see cref="RunComponents.ToDictionary"/> and read them through <see cref="TypedComponents"/>. Fingerprinted; a
    /// changed value is named when a resume is refused.
    /// </summary>
    public IReadOnlyDictionary<string, string> Components { get; init; } = new Dictionary<string, string>();

    /// <summary>The typed view of <see cref="Components"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public RunComponents TypedComponents => RunComponents.Parse(Components, Strategies.Select(s => s.Name).ToList());

    /// <summary>Number of (strategy, problem, sample) runs in flight at once; at least 1. Not fingerprinted.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Wall-clock limit of one (strategy, problem, sample) run; null for none. Not fingerprinted.</summary>
    public TimeSpan? ProblemTimeout { get; init; }

    /// <summary>Token and cost limits.</summary>
    public RunBudgets Budgets { get; init; } = new();

    /// <summary>
    /// The run is aborted when this many problems in a row (in completion order) end with an error, so that an
    /// unreachable endpoint gives one clear message instead of a stored error per problem; 0 disables. Not fingerprinted.
    /// </summary>
    public int AbortAfterConsecutiveErrors { get; init; } = 5;

    /// <summary>The context seed of run sample <paramref name="sample"/>: <c>baseSeed + sample * 1000003</c>.</summary>
    public static long SampleSeed(long baseSeed, int sample) => unchecked(baseSeed + (sample * SampleSeedStride));

    /// <summary>Lower-case hex SHA-256 of the result-determining settings (see the type's remarks). Pure.</summary>
    public string Fingerprint()
    {
        var json = JsonSerializer.Serialize(FingerprintItems());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    /// <summary>
    /// One message per result-determining setting that differs between <paramref name="previous"/> (the stored run)
    /// and this configuration, in a stable order; empty when the fingerprints agree. Pure.
    /// </summary>
    public IReadOnlyList<string> ChangesFrom(RunConfiguration previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        return RunConfigurationChanges.Describe(previous.FingerprintItems(), FingerprintItems());
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Model);
        ArgumentNullException.ThrowIfNull(Dataset);
        ArgumentNullException.ThrowIfNull(Strategies);
        if (Strategies.Count == 0)
        {
            throw new ArgumentException("A run needs at least one strategy.", nameof(Strategies));
        }

        var duplicate = Strategies.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Strategy '{duplicate.Key}' appears more than once.", nameof(Strategies));
        }

        if (string.IsNullOrWhiteSpace(ScoringVerifier))
        {
            throw new ArgumentException("A scoring verifier name is required.", nameof(ScoringVerifier));
        }

        if (SamplesPerProblem < 1)
        {
            throw new ArgumentException($"Samples per problem must be at least 1 (got {SamplesPerProblem}).", nameof(SamplesPerProblem));
        }

        if (Concurrency < 1)
        {
            throw new ArgumentException($"Concurrency must be at least 1 (got {Concurrency}).", nameof(Concurrency));
        }

        if (ProblemTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("The per-problem timeout must be positive.", nameof(ProblemTimeout));
        }

        if (AbortAfterConsecutiveErrors < 0)
        {
            throw new ArgumentException("The consecutive-error cap cannot be negative.", nameof(AbortAfterConsecutiveErrors));
        }

        if (Budgets.MaxRunCost is not null && (Budgets.InputPricePerMillion is null || Budgets.OutputPricePerMillion is null))
        {
            throw new ArgumentException("A cost budget needs both the input and the output price per million tokens.", nameof(Budgets));
        }

        if (Budgets.MaxTokensPerProblem is <= 0 || Budgets.MaxRunTokens is <= 0 || Budgets.MaxRunCost is <= 0)
        {
            throw new ArgumentException("Budgets must be positive when set.", nameof(Budgets));
        }
    }

    // Flat, ordinal-sorted key/value view of what determines results; both the fingerprint and the change messages
    // come from it, so a changed setting can never change the hash without also being named.
    internal SortedDictionary<string, string?> FingerprintItems()
    {
        var items = new SortedDictionary<string, string?>(StringComparer.Ordinal)
        {
            [RunConfigurationChanges.VersionKey] = "1",
            ["model.provider"] = Model.Provider,
            ["model.id"] = Model.ModelId,
            ["model.base_url"] = Model.BaseUrl,
            ["verifier.scoring"] = ScoringVerifier,
            ["dataset.sha256"] = Dataset.Sha256,
            ["dataset.format"] = Dataset.Format,
            ["samples"] = Format(SamplesPerProblem),
            ["seed"] = Format(Seed),
            ["chat.temperature"] = Format(Chat.Temperature),
            ["chat.top_p"] = Format(Chat.TopP),
            ["chat.max_output_tokens"] = Format(Chat.MaxOutputTokens),
            ["chat.stop"] = Chat.StopSequences is null ? null : JsonSerializer.Serialize(Chat.StopSequences),
            ["budget.max_tokens_per_problem"] = Format(Budgets.MaxTokensPerProblem),
        };

        // Added after runs were already stored: present only when set, so the hash of every earlier run is unchanged.
        if (Chat.SampleTemperature is { } sampleTemperature)
        {
            items["chat.sample_temperature"] = Format<float>(sampleTemperature);
        }

        if (Model.Digest is { } digest)
        {
            items["model.sha256"] = digest;
        }

        foreach (var strategy in Strategies)
        {
            items[RunConfigurationChanges.StrategyPrefix + strategy.Name] = "present";
            foreach (var (key, value) in strategy.Settings)
            {
                items[RunConfigurationChanges.StrategyPrefix + strategy.Name + RunConfigurationChanges.SettingSeparator + key] = value;
            }
        }

        foreach (var (key, value) in Components)
        {
            items[RunConfigurationChanges.ComponentPrefix + key] = value;
        }

        return items;
    }

    private static string? Format<T>(T? value)
        where T : struct, IFormattable =>
        value?.ToString(null, CultureInfo.InvariantCulture);

    private static string Format<T>(T value)
        where T : struct, IFormattable =>
        value.ToString(null, CultureInfo.InvariantCulture);
}
