namespace Rethink.Lab.Tasks;

/// <summary>
/// A synthetic, exactly verifiable task family. Implementations are deterministic (the same seed, index and difficulty
/// give the same problem on every machine) and thread-safe (stateless).
/// </summary>
public interface ITaskFamily
{
    /// <summary>Stable family name (e.g. <c>arith</c>).</summary>
    string Name { get; }

    /// <summary>Highest difficulty level accepted by <see cref="Generate"/> (levels start at 1).</summary>
    int MaxDifficulty { get; }

    /// <summary>Problem number <paramref name="index"/> of the stream defined by <paramref name="seed"/> at a difficulty.</summary>
    LabProblem Generate(int seed, int index, int difficulty);

    /// <summary>Checks a worked solution step by step against <paramref name="problem"/>.</summary>
    StepCheck Check(LabProblem problem, string solution);

    /// <summary>
    /// A flawed version of the problem's solution with an error at 1-based step <paramref name="step"/>; later steps
    /// use the wrong value consistently, as a real mistake would propagate.
    /// </summary>
    FlawedSolution InjectError(LabProblem problem, int step, Random rng);

    /// <summary>
    /// A careful critic's written re-check of <paramref name="solution"/>: one line per step, in order, each recomputing
    /// the step by a second route (<see cref="ColumnArithmetic"/>) and ending ": right." or ": wrong.", up to and
    /// including the first wrong step <see cref="Check"/> reports; a structural error, or a wrong or missing answer line,
    /// gets the checker's explanation instead. It agrees with <see cref="Check"/> by construction (see
    /// <see cref="LabChecks.Review(StepCheck, ParsedSolution, ReviewStyle, Func{int, string, string}, Func{int, string, string?})"/>);
    /// <paramref name="style"/> only changes the layout of the step lines.
    /// </summary>
    IReadOnlyList<string> Review(LabProblem problem, string solution, ReviewStyle style = ReviewStyle.Recompute);

    /// <summary>
    /// The problem's correct solution with every 1-based step <c>k</c> for which <paramref name="workStep"/>(k) is true
    /// written by a second, longer route where the family has one (<see cref="ArithFamily"/>: worked out column by
    /// column). <see cref="Check"/> accepts both forms as right. A family with one route returns
    /// <see cref="LabProblem.Solution"/>.
    /// </summary>
    string WorkedSolution(LabProblem problem, Func<int, bool> workStep) => problem?.Solution ?? throw new ArgumentNullException(nameof(problem));
}
