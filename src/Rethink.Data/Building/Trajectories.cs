using Rethink.Core;
using Rethink.Evaluation.Runs;

namespace Rethink.Data;

// What every evaluation-run builder needs from a stored result: its subject name, provenance, the prompt as sent, and
// the drops every kind shares (errors, no answer), so that those are counted the same way for every kind.
internal static class Trajectories
{
    public static string Subject(SourceRun run, ScoredTrajectory s) => $"{run.RunId}/{s.Strategy}/{s.ProblemId}/{s.Sample}";

    public static RunConfiguration Configuration(SourceRun run) =>
        run.Configuration ?? throw new InvalidDataException($"{run.Describe()} has no evaluation configuration.");

    public static RecordProvenance Provenance(SourceRun run, ScoredTrajectory s, string verdictReason)
    {
        var config = Configuration(run);
        var strategy = config.Strategies.FirstOrDefault(d => d.Name == s.Strategy)
            ?? throw new InvalidDataException($"{run.Describe()} has a result of strategy '{s.Strategy}' that its configuration does not list.");
        return new RecordProvenance
        {
            RunId = run.RunId,
            Strategy = s.Strategy,
            StrategyFingerprint = StrategyFingerprint.Of(strategy),
            Model = config.Model.Describe(),
            ProblemId = s.ProblemId,
            DatasetPath = config.Dataset.Path,
            DatasetSha256 = config.Dataset.Sha256,
            Sample = s.Sample,
            Seed = RunConfiguration.SampleSeed(config.Seed, s.Sample),
            Verifier = config.ScoringVerifier,
            VerdictReason = verdictReason,
        };
    }

    /// <summary>The messages of the trajectory's first generator call: the problem as sent to the model.</summary>
    public static IReadOnlyList<Message>? PromptAsSent(Trajectory t) =>
        t.Calls.FirstOrDefault(c => c.Role == ModelRole.Generator)?.Messages;

    /// <summary>A drop shared by every kind (error, no answer), or null when the trajectory can be used.</summary>
    public static DroppedRecord? CommonDrop(SourceRun run, ScoredTrajectory s)
    {
        if (s.Trajectory.StopReason == StopReasons.Error)
        {
            return new DroppedRecord(DropReasons.SourceError, Subject(run, s), $"the trajectory ended in an error: {s.Trajectory.Error}");
        }

        if (s.TurnVerdicts.Count == 0 || s.Trajectory.CommittedAttempts.Count == 0)
        {
            return new DroppedRecord(DropReasons.SourceNoAnswer, Subject(run, s), "the trajectory committed no attempt");
        }

        return null;
    }

    public static DroppedRecord NoGeneratorCall(SourceRun run, ScoredTrajectory s) =>
        new(DropReasons.SourceNoGeneratorCall, Subject(run, s), "the trajectory has no generator call to take the prompt from");

    public static string Transition(ScoredTrajectory s) =>
        (s.FirstCorrect ? "R" : "W") + "->" + (s.FinalCorrect ? "R" : "W");

    public static IReadOnlyList<Message> Assistant(string text) => [Message.Assistant(text)];

    public static string Lower(VerdictLabel label) => label switch
    {
        VerdictLabel.Correct => "correct",
        VerdictLabel.Incorrect => "incorrect",
        _ => "unsure",
    };

    public static void CheckKinds(IRecordBuilder builder, IReadOnlyList<SourceRun> runs)
    {
        foreach (var run in runs)
        {
            if (!builder.RunKinds.Contains(run.Kind, StringComparer.Ordinal))
            {
                var article = run.Kind.Length > 0 && "aeiou".Contains(run.Kind[0], StringComparison.Ordinal) ? "an" : "a";
                throw new InvalidOperationException(
                    $"Run '{run.RunId}' in {run.StoreLocation} is {article} {run.Kind} run; the {builder.Kind} export reads {string.Join(" or ", builder.RunKinds)} runs.");
            }
        }
    }
}
