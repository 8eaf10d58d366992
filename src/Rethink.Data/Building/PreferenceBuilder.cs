using Rethink.Core;
using Rethink.Evaluation.Runs;

namespace Rethink.Data;

/// <summary>
/// preference: chosen/rejected pairs with the original question as prompt. From evaluation runs, (a) refinement
/// pairs (label <c>refinement</c>): a trajectory whose first attempt was wrong and final right gives chosen = final,
/// rejected = first; (b) verified pairs (label <c>verified</c>): within one (run, strategy, problem), chosen = a correct
/// final answer, rejected = a wrong one, picked by lowest sample index (one pair per problem unless
/// <see cref="PreferenceOptions.AllVerifiedPairs"/>). From judging runs, (c) judged pairs (label <c>judged</c>): the
/// swap-consistent winner is chosen, with at least <see cref="PreferenceOptions.MinJudgeMargin"/>; ties and
/// inconsistent pairs are dropped. Input units: trajectories for (a) and (b), each counted by each source that sees it
/// (errors and empty trajectories once); judged pairs for (c). Immutable and thread-safe.
/// </summary>
public sealed class PreferenceBuilder : IRecordBuilder
{
    /// <summary>Creates the builder; throws <see cref="ArgumentOutOfRangeException"/> for a negative or non-finite margin.</summary>
    public PreferenceBuilder(PreferenceOptions? options = null)
    {
        Options = options ?? new PreferenceOptions();
        if (!double.IsFinite(Options.MinJudgeMargin) || Options.MinJudgeMargin < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.MinJudgeMargin, "The minimum judge margin must be a finite number of at least 0.");
        }
    }

    /// <summary>The options.</summary>
    public PreferenceOptions Options { get; }

    /// <inheritdoc />
    public string Kind => ExportKind.Preference;

    /// <inheritdoc />
    public IReadOnlyList<string> RunKinds { get; } = [RunKind.Evaluation, RunKind.Judging];

    /// <inheritdoc />
    public BuildResult Build(IReadOnlyList<SourceRun> runs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runs);
        Trajectories.CheckKinds(this, runs);
        var records = new List<TrainingRecord>();
        var dropped = new List<DroppedRecord>();
        foreach (var run in runs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (run.Kind == RunKind.Judging)
            {
                BuildJudged(run, records, dropped);
                continue;
            }

            var usable = new List<ScoredTrajectory>();
            foreach (var result in run.Results)
            {
                if (Trajectories.CommonDrop(run, result.Scored) is { } common)
                {
                    dropped.Add(common);
                }
                else
                {
                    usable.Add(result.Scored);
                }
            }

            if (Options.Refinement)
            {
                BuildRefinements(run, usable, records, dropped);
            }

            if (Options.Verified)
            {
                BuildVerified(run, usable, records, dropped);
            }
        }

        return new BuildResult(records, dropped);
    }

    private static void BuildRefinements(SourceRun run, List<ScoredTrajectory> usable, List<TrainingRecord> records, List<DroppedRecord> dropped)
    {
        foreach (var s in usable)
        {
            var subject = Trajectories.Subject(run, s);
            if (s.TurnVerdicts[0].Label != VerdictLabel.Incorrect || !s.FinalVerdict.IsCorrect)
            {
                dropped.Add(new DroppedRecord(DropReasons.PreferenceNotCorrected, subject, $"transition {Trajectories.Transition(s)} (first {s.TurnVerdicts[0].Reason}, final {s.FinalVerdict.Reason})"));
                continue;
            }

            var first = s.Trajectory.CommittedAttempts[0];
            Add(run, s, s.Trajectory.Final.Text, s.FinalVerdict.Reason, s, first.Text, s.TurnVerdicts[0].Reason, RecordLabels.Refinement, records, dropped, subject);
        }
    }

    private void BuildVerified(SourceRun run, List<ScoredTrajectory> usable, List<TrainingRecord> records, List<DroppedRecord> dropped)
    {
        // Groups keep the store's order (strategy position, problem position) so output order is stable.
        foreach (var group in usable.GroupBy(s => (s.Strategy, s.ProblemId)))
        {
            var samples = group.OrderBy(s => s.Sample).ToList();
            var correct = samples.Where(s => s.FinalVerdict.IsCorrect).ToList();
            var wrong = samples.Where(s => s.FinalVerdict.Label == VerdictLabel.Incorrect).ToList();
            if (correct.Count == 0 || wrong.Count == 0)
            {
                foreach (var s in samples)
                {
                    dropped.Add(new DroppedRecord(DropReasons.PreferenceNoContrast, Trajectories.Subject(run, s), $"{correct.Count} correct and {wrong.Count} wrong final answers among {samples.Count} samples"));
                }

                continue;
            }

            var pairs = Options.AllVerifiedPairs
                ? (from c in correct from w in wrong select (Chosen: c, Rejected: w)).ToList()
                : [(correct[0], wrong[0])];
            var used = new HashSet<int>(pairs.SelectMany(p => new[] { p.Chosen.Sample, p.Rejected.Sample }));
            foreach (var s in samples.Where(s => !used.Contains(s.Sample)))
            {
                var reason = s.FinalVerdict.Label == VerdictLabel.Unsure ? DropReasons.PreferenceUnsure : DropReasons.PreferenceNotSelected;
                dropped.Add(new DroppedRecord(reason, Trajectories.Subject(run, s), reason == DropReasons.PreferenceUnsure
                    ? $"final verdict is unsure ({s.FinalVerdict.Reason})"
                    : "another sample of this problem was paired"));
            }

            foreach (var (chosen, rejected) in pairs)
            {
                Add(run, chosen, chosen.Trajectory.Final.Text, chosen.FinalVerdict.Reason, rejected, rejected.Trajectory.Final.Text, rejected.FinalVerdict.Reason,
                    RecordLabels.Verified, records, dropped, $"{Trajectories.Subject(run, chosen)}+{rejected.Sample}");
            }
        }
    }

    private static void Add(
        SourceRun run,
        ScoredTrajectory chosen,
        string chosenText,
        string chosenReason,
        ScoredTrajectory rejected,
        string rejectedText,
        string rejectedReason,
        string label,
        List<TrainingRecord> records,
        List<DroppedRecord> dropped,
        string subject)
    {
        if (Trajectories.PromptAsSent(chosen.Trajectory) is not { } prompt)
        {
            dropped.Add(Trajectories.NoGeneratorCall(run, chosen));
            return;
        }

        if (string.Equals(chosenText, rejectedText, StringComparison.Ordinal))
        {
            dropped.Add(new DroppedRecord(DropReasons.PreferenceSameText, subject, "chosen and rejected have the same text"));
            return;
        }

        records.Add(new TrainingRecord
        {
            Id = string.Empty,
            Kind = ExportKind.Preference,
            Prompt = prompt,
            Chosen = Trajectories.Assistant(chosenText),
            Rejected = Trajectories.Assistant(rejectedText),
            Label = label,
            Details = new RecordDetails { FirstCorrect = chosen.FirstCorrect },
            Provenance = Trajectories.Provenance(run, chosen, chosenReason),
            RejectedProvenance = Trajectories.Provenance(run, rejected, rejectedReason),
        }.WithComputedId());
    }

    private void BuildJudged(SourceRun run, List<TrainingRecord> records, List<DroppedRecord> dropped)
    {
        foreach (var (item, j) in JudgementItems.Read(run))
        {
            var subject = $"{run.RunId}/{item.Key}";
            if (!j.Consistent)
            {
                dropped.Add(new DroppedRecord(DropReasons.PreferenceInconsistent, subject, $"the orders disagree ({j.Reason})"));
                continue;
            }

            if (j.Winner == PairWinner.Tie)
            {
                dropped.Add(new DroppedRecord(DropReasons.PreferenceTie, subject, $"the judge called a tie ({j.Reason})"));
                continue;
            }

            if (Options.MinJudgeMargin > 0 && (j.Margin is not { } margin || margin < Options.MinJudgeMargin))
            {
                dropped.Add(new DroppedRecord(DropReasons.PreferenceLowMargin, subject, j.Margin is null
                    ? $"no margin recorded; the minimum is {Options.MinJudgeMargin.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
                    : $"margin {j.Margin.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} is below {Options.MinJudgeMargin.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
                continue;
            }

            var chosen = j.Winner == PairWinner.A ? j.A : j.B;
            var rejected = j.Winner == PairWinner.A ? j.B : j.A;
            if (string.Equals(chosen.Text, rejected.Text, StringComparison.Ordinal))
            {
                dropped.Add(new DroppedRecord(DropReasons.PreferenceSameText, subject, "chosen and rejected have the same text"));
                continue;
            }

            records.Add(new TrainingRecord
            {
                Id = string.Empty,
                Kind = ExportKind.Preference,
                Prompt = j.Prompt,
                Chosen = Trajectories.Assistant(chosen.Text),
                Rejected = Trajectories.Assistant(rejected.Text),
                Label = RecordLabels.Judged,
                Details = new RecordDetails { JudgingRunId = run.RunId, PairId = j.PairId, Margin = j.Margin },
                Provenance = Judged(j, chosen),
                RejectedProvenance = Judged(j, rejected),
            }.WithComputedId());
        }
    }

    private static RecordProvenance Judged(JudgementItem j, JudgedResponse response) => new()
    {
        RunId = response.Source.RunId,
        Strategy = response.Source.Strategy,
        StrategyFingerprint = response.Source.StrategyFingerprint,
        Model = response.Source.Model,
        ProblemId = j.ProblemId,
        DatasetPath = j.Dataset?.Path,
        DatasetSha256 = j.Dataset?.Sha256,
        Sample = response.Source.Sample,
        Seed = response.Source.Seed,
        Verifier = j.Judge.Describe(),
        VerdictReason = j.Reason,
    };
}
