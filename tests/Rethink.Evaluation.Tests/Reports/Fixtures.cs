using Rethink.Core;
using Rethink.Evaluation.Reports;

namespace Rethink.Evaluation.Tests.Reports;

/// <summary>
/// A fixed, hand-built run: three problems x two samples for three strategies. Expected numbers are worked out in
/// <see cref="ReportBuilderTests"/>.
/// </summary>
internal static class Fixtures
{
    public static ScoredTrajectory Make(string strategy, string problem, int sample, string stop, bool sawVerifier, params Step[] steps)
    {
        var turns = new List<Turn>();
        var verdicts = new List<Verdict>();
        foreach (var step in steps)
        {
            IReadOnlyList<CallRecord> calls = step.CallRole is { } role
                ? [new CallRecord { Role = role, Messages = [Message.User(problem)], Output = "out", Usage = new TokenUsage(step.Input, step.Output) }]
                : [];
            var committed = step.Correct is not null;
            var answer = committed ? (step.Correct == true ? "right" : "wrong") : null;
            turns.Add(new Turn
            {
                Index = turns.Count,
                Role = step.Role,
                Calls = calls,
                Output = answer ?? "feedback",
                Attempt = answer is null ? null : new Attempt(answer, answer, new TokenUsage(step.Input, step.Output)),
                Committed = committed,
                Critique = step.CritiqueLabel is { } label ? new Critique("critique", label, CritiqueSource.Self) : null,
            });
            if (committed)
            {
                verdicts.Add(step.Correct == true
                    ? Verdict.Correct("test.equal", "matches the gold answer")
                    : Verdict.Incorrect("test.different", "differs from the gold answer"));
            }
        }

        var final = turns.LastOrDefault(t => t.Committed)?.Attempt ?? new Attempt(string.Empty, null, TokenUsage.Zero);
        return new ScoredTrajectory
        {
            Strategy = strategy,
            ProblemId = problem,
            Sample = sample,
            Trajectory = new Trajectory
            {
                ProblemId = problem,
                Strategy = strategy,
                Turns = turns,
                Final = final,
                StopReason = stop,
                SawVerifier = sawVerifier,
                Error = stop == StopReasons.Error ? "provider returned 500" : null,
            },
            TurnVerdicts = verdicts,
            FinalVerdict = verdicts.Count > 0 ? verdicts[^1] : Verdict.Incorrect("no_answer", "no answer was produced"),
        };
    }

    // baseline: one generate call (10 in, 5 out) per trajectory.
    //   p1: R R   p2: W R   p3: W W
    public static IReadOnlyList<ScoredTrajectory> Baseline(string name = "baseline") =>
    [
        Make(name, "p1", 0, StopReasons.SinglePass, false, Step.Generate(true)),
        Make(name, "p1", 1, StopReasons.SinglePass, false, Step.Generate(true)),
        Make(name, "p2", 0, StopReasons.SinglePass, false, Step.Generate(false)),
        Make(name, "p2", 1, StopReasons.SinglePass, false, Step.Generate(true)),
        Make(name, "p3", 0, StopReasons.SinglePass, false, Step.Generate(false)),
        Make(name, "p3", 1, StopReasons.SinglePass, false, Step.Generate(false)),
    ];

    // self-refine: generate (15 tokens) -> critique (23) -> refine (37); first -> final:
    //   p1s0 R->R, p1s1 R->W, p2s0 W->R, p2s1 R (critic accepted after the critique, 38 tokens),
    //   p3s0 W->W, p3s1 error before any answer (0 tokens).
    // Critiques of the first answer: p1s0 "incorrect" on R (FP), p1s1 "incorrect" on R (FP), p2s0 "incorrect" on W (TP),
    //   p2s1 "correct" on R (TN), p3s0 unsure on W (FN).
    public static IReadOnlyList<ScoredTrajectory> SelfRefine(string name = "self-refine") =>
    [
        Make(name, "p1", 0, StopReasons.MaxRounds, false, Step.Generate(true), Step.Critique(VerdictLabel.Incorrect), Step.Refine(true)),
        Make(name, "p1", 1, StopReasons.MaxRounds, false, Step.Generate(true), Step.Critique(VerdictLabel.Incorrect), Step.Refine(false)),
        Make(name, "p2", 0, StopReasons.MaxRounds, false, Step.Generate(false), Step.Critique(VerdictLabel.Incorrect), Step.Refine(true)),
        Make(name, "p2", 1, StopReasons.CriticAccepted, false, Step.Generate(true), Step.Critique(VerdictLabel.Correct)),
        Make(name, "p3", 0, StopReasons.MaxRounds, false, Step.Generate(false), Step.Critique(VerdictLabel.Unsure), Step.Refine(false)),
        Make(name, "p3", 1, StopReasons.Error, false),
    ];

    // verifier-refine (saw a feedback verifier): generate -> verify (no call) -> refine when the verifier failed it.
    //   p1s0 R (passed, 15 tokens), p1s1 R (passed), p2s0 W->R, p2s1 W->R, p3s0 W->R, p3s1 W->W (52 tokens each).
    public static IReadOnlyList<ScoredTrajectory> VerifierRefine(string name = "verifier-refine") =>
    [
        Make(name, "p1", 0, StopReasons.VerifierPassed, true, Step.Generate(true), Step.Verify()),
        Make(name, "p1", 1, StopReasons.VerifierPassed, true, Step.Generate(true), Step.Verify()),
        Make(name, "p2", 0, StopReasons.VerifierPassed, true, Step.Generate(false), Step.Verify(), Step.Refine(true)),
        Make(name, "p2", 1, StopReasons.VerifierPassed, true, Step.Generate(false), Step.Verify(), Step.Refine(true)),
        Make(name, "p3", 0, StopReasons.VerifierPassed, true, Step.Generate(false), Step.Verify(), Step.Refine(true)),
        Make(name, "p3", 1, StopReasons.MaxRounds, true, Step.Generate(false), Step.Verify(), Step.Refine(false)),
    ];

    public static IReadOnlyList<ScoredTrajectory> All() => [.. Baseline(), .. SelfRefine(), .. VerifierRefine()];

    public static RunMetadata Metadata(string id = "run-1") =>
        new(id, "lab:tiny-arith", "samples/arith-mini.jsonl") { Seed = 7, ScoringVerifier = "numeric" };
}
