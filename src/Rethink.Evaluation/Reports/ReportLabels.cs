namespace Rethink.Evaluation.Reports;

/// <summary>Fixed wording that reports attach to numbers which are not honest accuracies.</summary>
public static class ReportLabels
{
    /// <summary>Attached wherever the numbers of a strategy that saw a feedback verifier appear.</summary>
    public const string OracleAssisted = "oracle-assisted (saw a verifier)";

    /// <summary>Explains the oracle column: correct at any committed turn, which needs the gold answer to pick.</summary>
    /// <summary>Shown under the header of every report of an unfinished run.</summary>
    public const string PartialRunWarning =
        "PARTIAL RUN: every figure below covers only the results stored so far, which are not a random sample of the problems; resume the run to complete it.";

    /// <summary>Shown under the header of every report of a run whose model-written code ran outside the sandbox.</summary>
    public const string UnsafeExecutionWarning =
        "WARNING: model-written code ran WITHOUT the sandbox (--unsafe-local-exec): a plain child process with resource limits only, able to read and write what this user can and to reach the network.";

    /// <summary>Explains the oracle column: correct at any committed turn, which needs the gold answer to pick.</summary>
    public const string OracleAccuracy = "oracle: correct at any committed turn (picking that turn needs the gold answer; not an achievable accuracy)";
}
