namespace Rethink.Verifiers.Code;

/// <summary>Reason ids emitted by <see cref="CodeExecutionVerifier"/>. Only <see cref="Passed"/> is correct.</summary>
public static class CodeReasons
{
    /// <summary>Correct: the judge, a process apart from the solution's, ran every test to its end and exited with status 0.</summary>
    public const string Passed = "code.passed";

    /// <summary>Incorrect: a test's assertion failed.</summary>
    public const string FailedTest = "code.failed_test";

    /// <summary>Incorrect: the program raised an exception (other than an assertion), exited non-zero, or was killed by a signal it caused.</summary>
    public const string Error = "code.error";

    /// <summary>Incorrect: the wall-clock limit passed and the process tree was killed.</summary>
    public const string Timeout = "code.timeout";

    /// <summary>Incorrect: a resource limit stopped it (CPU time, memory, file size, processes) a reply passed the relay's size cap, or the solution's output passed the capture cap.</summary>
    public const string ResourceExceeded = "code.resource_exceeded";

    /// <summary>Incorrect: the solution (prompt + completion, or the whole function) does not compile.</summary>
    public const string SyntaxError = "code.syntax_error";

    /// <summary>Incorrect: the response holds no code.</summary>
    public const string NoCode = "code.no_code";

    /// <summary>
    /// Incorrect: the solution's process ended (any status, or via <c>sys.exit</c>) before the tests did, so they did not
    /// run to the end (an early <c>sys.exit(0)</c> or <c>os._exit(0)</c>, closed output).
    /// </summary>
    public const string TestsIncomplete = "code.tests_incomplete";

    /// <summary>Unsure: the problem has no tests, or its tests do not compile (a dataset fault, not the answer's).</summary>
    public const string NoTests = "code.no_tests";
}
