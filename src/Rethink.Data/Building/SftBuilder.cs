using Rethink.Evaluation.Runs;

namespace Rethink.Data;

/// <summary>
/// sft: one record per trajectory whose final answer the scoring verifier accepted. Prompt = the messages of the
/// trajectory's first generator call (the problem as sent to the model, system prompt included); completion = the final
/// attempt's text; label <c>first_try</c> or <c>corrected_retry</c>; provenance verdict reason = the final verdict's.
/// Input unit: the trajectory. Immutable and thread-safe.
/// </summary>
public sealed class SftBuilder : IRecordBuilder
{
    /// <summary>Creates the builder.</summary>
    public SftBuilder(SftOptions? options = null) => Options = options ?? new SftOptions();

    /// <summary>The options.</summary>
    public SftOptions Options { get; }

    /// <inheritdoc />
    public string Kind => ExportKind.Sft;

    /// <inheritdoc />
    public IReadOnlyList<string> RunKinds { get; } = [RunKind.Evaluation];

    /// <inheritdoc />
    public BuildResult Build(IReadOnlyList<SourceRun> runs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runs);
        Trajectories.CheckKinds(this, runs);
        var records = new List<TrainingRecord>();
        var dropped = new List<DroppedRecord>();
        foreach (var run in runs)
        {
            foreach (var result in run.Results)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var s = result.Scored;
                var subject = Trajectories.Subject(run, s);
                if (Trajectories.CommonDrop(run, s) is { } common)
                {
                    dropped.Add(common);
                    continue;
                }

                if (!s.FinalVerdict.IsCorrect)
                {
                    dropped.Add(new DroppedRecord(DropReasons.SftFinalIncorrect, subject, $"final verdict {s.FinalVerdict.Reason}: {s.FinalVerdict.Explanation}"));
                    continue;
                }

                if (!s.FirstCorrect && Options.OnlyFirstTryCorrect)
                {
                    dropped.Add(new DroppedRecord(DropReasons.SftFirstTryIncorrect, subject, $"first verdict {s.TurnVerdicts[0].Reason}; only first-try-correct trajectories were asked for"));
                    continue;
                }

                if (!s.FirstCorrect && !Options.IncludeCorrectedRetries)
                {
                    dropped.Add(new DroppedRecord(DropReasons.SftCorrectedRetryExcluded, subject, $"corrected retry ({Trajectories.Transition(s)}) while retries are excluded"));
                    continue;
                }

                if (Trajectories.PromptAsSent(s.Trajectory) is not { } prompt)
                {
                    dropped.Add(Trajectories.NoGeneratorCall(run, s));
                    continue;
                }

                records.Add(new TrainingRecord
                {
                    Id = string.Empty,
                    Kind = Kind,
                    Prompt = prompt,
                    Completion = Trajectories.Assistant(s.Trajectory.Final.Text),
                    Label = s.FirstCorrect ? RecordLabels.FirstTry : RecordLabels.CorrectedRetry,
                    Details = new RecordDetails { FirstCorrect = s.FirstCorrect },
                    Provenance = Trajectories.Provenance(run, s, s.FinalVerdict.Reason),
                }.WithComputedId());
            }
        }

        return new BuildResult(records, dropped);
    }
}
