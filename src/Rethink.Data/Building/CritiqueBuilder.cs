using Rethink.Core;
using Rethink.Evaluation.Runs;

namespace Rethink.Data;

/// <summary>
/// critique: one record per critique turn (<see cref="TurnRole.Critique"/> with a <see cref="Core.Critique"/>) that
/// follows a committed attempt and made a model call. Prompt = the critic call's messages; completion = its output;
/// details: the critiqued attempt (the last committed attempt before the turn), its gold label from
/// <see cref="ScoredTrajectory.TurnVerdicts"/> (<c>gold_correct</c>), the critic's verdict (<c>critic_label</c>) and
/// whether they agree (<c>agrees</c>; an unsure critic verdict never agrees, as in critique-ability scoring). Label
/// <c>agrees</c> or <c>disagrees</c>; provenance verdict reason = the critiqued attempt's gold verdict. Input units: a
/// trajectory without critique turns, else each critique turn. Immutable and thread-safe.
/// </summary>
public sealed class CritiqueBuilder : IRecordBuilder
{
    /// <summary>Creates the builder.</summary>
    public CritiqueBuilder(CritiqueOptions? options = null) => Options = options ?? new CritiqueOptions();

    /// <summary>The options.</summary>
    public CritiqueOptions Options { get; }

    /// <inheritdoc />
    public string Kind => ExportKind.Critique;

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
                if (s.Trajectory.StopReason == StopReasons.Error)
                {
                    dropped.Add(Trajectories.CommonDrop(run, s)!);
                    continue;
                }

                var critiques = s.Trajectory.Turns.Where(t => t.Role == TurnRole.Critique && t.Critique is not null).ToList();
                if (critiques.Count == 0)
                {
                    dropped.Add(new DroppedRecord(DropReasons.CritiqueNoCritiqueTurn, Trajectories.Subject(run, s), "the trajectory has no critique turn"));
                    continue;
                }

                foreach (var turn in critiques)
                {
                    BuildOne(run, s, turn, records, dropped);
                }
            }
        }

        return new BuildResult(records, dropped);
    }

    private void BuildOne(SourceRun run, ScoredTrajectory s, Turn turn, List<TrainingRecord> records, List<DroppedRecord> dropped)
    {
        var subject = $"{Trajectories.Subject(run, s)}/turn{turn.Index}";
        var committedBefore = s.Trajectory.Turns.Where(t => t.Index < turn.Index && t.Committed && t.Attempt is not null).ToList();
        if (committedBefore.Count == 0 || committedBefore.Count > s.TurnVerdicts.Count)
        {
            dropped.Add(new DroppedRecord(DropReasons.CritiqueNoAttempt, subject, "no scored committed attempt precedes the critique"));
            return;
        }

        var call = turn.Calls.LastOrDefault(c => c.Role == ModelRole.Critic) ?? turn.Calls.LastOrDefault();
        if (call is null)
        {
            dropped.Add(new DroppedRecord(DropReasons.CritiqueNoCall, subject, $"a {turn.Critique!.Source} critique without a model call"));
            return;
        }

        var gold = s.TurnVerdicts[committedBefore.Count - 1];
        if (gold.Label == VerdictLabel.Unsure)
        {
            dropped.Add(new DroppedRecord(DropReasons.CritiqueGoldUnsure, subject, $"the critiqued attempt's verdict is unsure ({gold.Reason})"));
            return;
        }

        var critic = turn.Critique!.Label;
        var agrees = critic != VerdictLabel.Unsure && critic == gold.Label;
        if (Options.OnlyAgreeing && !agrees)
        {
            dropped.Add(new DroppedRecord(DropReasons.CritiqueDisagrees, subject, $"critic said {Trajectories.Lower(critic)}, gold is {Trajectories.Lower(gold.Label)}"));
            return;
        }

        records.Add(new TrainingRecord
        {
            Id = string.Empty,
            Kind = Kind,
            Prompt = call.Messages,
            Completion = Trajectories.Assistant(call.Output),
            Label = agrees ? RecordLabels.Agrees : RecordLabels.Disagrees,
            Details = new RecordDetails
            {
                GoldCorrect = gold.IsCorrect,
                CriticLabel = Trajectories.Lower(critic),
                CriticModel = call.Settings.ModelId,
                CritiquedAnswer = committedBefore[^1].Attempt!.Text,
                Agrees = agrees,
            },
            Provenance = Trajectories.Provenance(run, s, gold.Reason),
        }.WithComputedId());
    }
}
