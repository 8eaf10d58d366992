using Rethink.Core;
using Rethink.Evaluation.Runs;

namespace Rethink.Data;

/// <summary>
/// correction (CCT-style): one record per trajectory whose final answer is correct and was produced by a model call
/// after at least one earlier committed attempt. Prompt = that call's messages exactly as recorded (the question, the
/// earlier answer, the strategy's actual correction prompt); completion = the final attempt's text. Label
/// <c>critique_score</c> when the first attempt was wrong (W→R, CST) and <c>confidence_level</c> when it was right (R→R,
/// CLT). Balancing to <see cref="CorrectionOptions.ConfidenceLevelShare"/> is done by <see cref="Balance"/>, which the
/// export pipeline runs after every other filter. Input unit: the trajectory. Immutable and thread-safe.
/// </summary>
public sealed class CorrectionBuilder : IRecordBuilder
{
    /// <summary>Creates the builder; throws <see cref="ArgumentOutOfRangeException"/> for a share outside [0, 1].</summary>
    public CorrectionBuilder(CorrectionOptions? options = null)
    {
        Options = options ?? new CorrectionOptions();
        if (Options.ConfidenceLevelShare is { } share)
        {
            Balance = new BalanceFilter(RecordLabels.ConfidenceLevel, RecordLabels.CritiqueScore, share, Options.Seed);
        }
    }

    /// <summary>The options.</summary>
    public CorrectionOptions Options { get; }

    /// <summary>The balance step the options ask for; null when balancing is off.</summary>
    public BalanceFilter? Balance { get; }

    /// <inheritdoc />
    public string Kind => ExportKind.Correction;

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
                    dropped.Add(new DroppedRecord(DropReasons.CorrectionFinalIncorrect, subject, $"final verdict {s.FinalVerdict.Reason}"));
                    continue;
                }

                if (s.TurnVerdicts.Count < 2)
                {
                    dropped.Add(new DroppedRecord(DropReasons.CorrectionSingleAttempt, subject, "one committed attempt: nothing was corrected"));
                    continue;
                }

                if (s.TurnVerdicts[0].Label == VerdictLabel.Unsure)
                {
                    dropped.Add(new DroppedRecord(DropReasons.CorrectionFirstUnsure, subject, $"first verdict is unsure ({s.TurnVerdicts[0].Reason})"));
                    continue;
                }

                var finalTurn = s.Trajectory.Turns.Last(t => t.Committed && t.Attempt is not null);
                var call = finalTurn.Calls.LastOrDefault(c => c.Role == ModelRole.Generator);
                if (call is null)
                {
                    dropped.Add(new DroppedRecord(DropReasons.CorrectionNoCall, subject, $"the final attempt came from a {finalTurn.Role} turn without a generator call"));
                    continue;
                }

                records.Add(new TrainingRecord
                {
                    Id = string.Empty,
                    Kind = Kind,
                    Prompt = call.Messages,
                    Completion = Trajectories.Assistant(s.Trajectory.Final.Text),
                    Label = s.FirstCorrect ? RecordLabels.ConfidenceLevel : RecordLabels.CritiqueScore,
                    Details = new RecordDetails { FirstCorrect = s.FirstCorrect },
                    Provenance = Trajectories.Provenance(run, s, s.FinalVerdict.Reason),
                }.WithComputedId());
            }
        }

        return new BuildResult(records, dropped);
    }
}
