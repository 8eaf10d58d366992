using Rethink.Core;
using Rethink.Evaluation.Runs;

namespace Rethink.Data;

/// <summary>
/// judgement: one record per presentation order of every judged pair in <c>judging</c> runs (<see cref="JudgementItem"/>).
/// Prompt = the messages sent to the judge; completion = its raw output; details: the order's <c>choice</c> and
/// <c>shown_first</c>, the pair's <c>winner</c>, <c>consistent</c> and <c>margin</c>, the <c>gold_winner</c> (the only
/// response the scoring verifier accepted, when exactly one was accepted and the other rejected) and <c>agrees</c> (the
/// order picked the gold winner; ties and unparsed verdicts never agree). Label <c>agrees</c>, <c>disagrees</c> or
/// <c>no_gold</c>. Provenance: the judging run, the judge as strategy, model and verifier, the order index as sample.
/// Input unit: the order. Immutable and thread-safe.
/// </summary>
public sealed class JudgementBuilder : IRecordBuilder
{
    /// <summary>Creates the builder.</summary>
    public JudgementBuilder(JudgementOptions? options = null) => Options = options ?? new JudgementOptions();

    /// <summary>The options.</summary>
    public JudgementOptions Options { get; }

    /// <inheritdoc />
    public string Kind => ExportKind.Judgement;

    /// <inheritdoc />
    public IReadOnlyList<string> RunKinds { get; } = [RunKind.Judging];

    /// <inheritdoc />
    public BuildResult Build(IReadOnlyList<SourceRun> runs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runs);
        Trajectories.CheckKinds(this, runs);
        var records = new List<TrainingRecord>();
        var dropped = new List<DroppedRecord>();
        foreach (var run in runs)
        {
            foreach (var (item, j) in JudgementItems.Read(run))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var gold = GoldWinner(j);
                for (var i = 0; i < j.Orders.Count; i++)
                {
                    var order = j.Orders[i];
                    var subject = $"{run.RunId}/{item.Key}/order{i}";
                    bool? agrees = gold is null ? null : order.Picked == gold;
                    if (gold is null && (Options.RequireGold || Options.OnlyAgreeing))
                    {
                        dropped.Add(new DroppedRecord(DropReasons.JudgementNoGold, subject, "the pair has no gold preference"));
                        continue;
                    }

                    if (agrees == false && Options.OnlyAgreeing)
                    {
                        dropped.Add(new DroppedRecord(DropReasons.JudgementDisagrees, subject, $"picked {Side(order.Picked) ?? order.Choice.ToString().ToLowerInvariant()}, gold prefers {Side(gold)}"));
                        continue;
                    }

                    records.Add(new TrainingRecord
                    {
                        Id = string.Empty,
                        Kind = Kind,
                        Prompt = order.Messages,
                        Completion = Trajectories.Assistant(order.RawOutput),
                        Label = agrees switch { true => RecordLabels.Agrees, false => RecordLabels.Disagrees, null => RecordLabels.NoGold },
                        Details = new RecordDetails
                        {
                            Agrees = agrees,
                            PairId = j.PairId,
                            Margin = j.Margin,
                            Consistent = j.Consistent,
                            Winner = j.Winner.ToString().ToLowerInvariant(),
                            GoldWinner = Side(gold),
                            ShownFirst = Side(order.First),
                            Choice = order.Choice.ToString().ToLowerInvariant(),
                        },
                        Provenance = new RecordProvenance
                        {
                            RunId = run.RunId,
                            Strategy = j.Judge.Name,
                            StrategyFingerprint = j.Judge.SettingsFingerprint,
                            Model = j.Judge.Model,
                            ProblemId = j.ProblemId,
                            DatasetPath = j.Dataset?.Path,
                            DatasetSha256 = j.Dataset?.Sha256,
                            Sample = i,
                            Verifier = j.Judge.Describe(),
                            VerdictReason = order.Reason,
                        },
                    }.WithComputedId());
                }
            }
        }

        return new BuildResult(records, dropped);
    }

    private static ResponseSide? GoldWinner(JudgementItem j) => (j.A.Gold?.Label, j.B.Gold?.Label) switch
    {
        (VerdictLabel.Correct, VerdictLabel.Incorrect) => ResponseSide.A,
        (VerdictLabel.Incorrect, VerdictLabel.Correct) => ResponseSide.B,
        _ => null,
    };

    private static string? Side(ResponseSide? side) => side switch
    {
        ResponseSide.A => "a",
        ResponseSide.B => "b",
        _ => null,
    };
}
