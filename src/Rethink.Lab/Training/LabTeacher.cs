using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Rethink.Core;
using Rethink.Lab.Tasks;

namespace Rethink.Lab.Training;

/// <summary>
/// An IChatClient that plays a perfect student-and-critic for ONE lab problem, so that running a real strategy against
/// it yields training conversations in exactly the shape that strategy produces (its prompts, its history, its turn
/// order) without any strategy-specific code here. It answers from the conversation's state, not from the prompt
/// wording: a critic call (RethinkProperties.ModelRole = Critic) gets a step-level critique of the teacher's latest
/// answer; the first generator call gets the planned first answer (correct, flawed at a chosen step, or a student
/// model's own); every later generator call gets the correct solution (<see cref="RevisedSolution"/>). Not thread-safe:
/// one teacher per strategy run.
/// </summary>
public sealed class LabTeacher : IChatClient
{
    private readonly List<TeacherTurn> _log = [];
    private readonly string? _firstAnswer;
    private string? _latest;

    /// <summary>Creates a teacher for <paramref name="problem"/>.</summary>
    /// <param name="problem">The problem being solved.</param>
    /// <param name="family">Its family (checks answers, makes the critique).</param>
    /// <param name="firstAnswer">
    /// The first answer to give (a flawed solution's text, or a student model's answer, right or wrong); it is never
    /// trained on. Null answers correctly from the start.
    /// </param>
    /// <param name="critiques">The critique wording.</param>
    public LabTeacher(LabProblem problem, ITaskFamily family, string? firstAnswer, TeacherCritiques critiques)
    {
        Problem = problem ?? throw new ArgumentNullException(nameof(problem));
        Family = family ?? throw new ArgumentNullException(nameof(family));
        Critiques = critiques ?? throw new ArgumentNullException(nameof(critiques));
        _firstAnswer = firstAnswer;
        CorrectSolution = problem.Solution;
    }

    /// <summary>
    /// The correct solution the teacher gives on every generator call after the first (a reask answer, a refined or
    /// revised answer): by default <see cref="CorrectSolution"/>; a recipe may write it by another route than the first
    /// answer (<see cref="LabDataRecipe.RevisionWorkedStepShare"/>), so that looking again means computing again.
    /// </summary>
    public string? RevisedSolution { get; init; }

    /// <summary>
    /// The correct solution the teacher gives (and critiques when it has given no answer yet): by default
    /// <see cref="LabProblem.Solution"/>; a recipe may set another right one, e.g. with some steps worked out
    /// (<see cref="ITaskFamily.WorkedSolution"/>).
    /// </summary>
    public string CorrectSolution { get; init; }

    /// <summary>The problem.</summary>
    public LabProblem Problem { get; }

    /// <summary>The problem's family.</summary>
    public ITaskFamily Family { get; }

    /// <summary>The critique wording.</summary>
    public TeacherCritiques Critiques { get; }

    /// <summary>Every reply given so far, in order.</summary>
    public IReadOnlyList<TeacherTurn> Log => _log;

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var history = messages.Select(m => m.ToMessage()).ToList();
        var role = options?.AdditionalProperties is { } props && props.TryGetValue(RethinkProperties.ModelRole, out var r) && Enum.TryParse<ModelRole>(r?.ToString(), out var parsed)
            ? parsed
            : ModelRole.Generator;

        string output;
        var trainable = true;
        if (role == ModelRole.Critic)
        {
            output = Critique(_latest ?? CorrectSolution);
        }
        else if (_latest is null && _firstAnswer is not null)
        {
            output = _firstAnswer;
            trainable = false;
            _latest = output;
        }
        else
        {
            output = _latest is null ? CorrectSolution : RevisedSolution ?? CorrectSolution;
            _latest = output;
        }

        _log.Add(new TeacherTurn(history, output, role, trainable));
        var inputChars = history.Sum(m => m.Text.Length + 2);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, output))
        {
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = inputChars, OutputTokenCount = output.Length + 1, TotalTokenCount = inputChars + output.Length + 1 },
        });
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType?.IsInstanceOfType(this) == true ? this : null;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private string Critique(string solution)
    {
        var verdict = Verdict(solution);
        return Critiques.Review is { } style ? string.Join('\n', Family.Review(Problem, solution, style).Append(verdict)) : verdict;
    }

    private string Verdict(string solution)
    {
        var check = Family.Check(Problem, solution);
        if (check.StepsCorrect && check.AnswerCorrect && check.Reason == "step.ok")
        {
            return Critiques.Correct;
        }

        return check.FirstWrongStep is { } step && check.ExpectedLine is { } line
            ? Critiques.Wrong(step, line)
            : Critiques.AnswerLine(check.ExpectedLine ?? LabSolution.AnswerPrefix + Problem.Answer.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
