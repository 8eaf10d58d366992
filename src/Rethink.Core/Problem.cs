using System.Text.Json.Serialization;

namespace Rethink.Core;

/// <summary>
/// One dataset item. <see cref="Messages"/> is the conversation the model sees first (usually a single user
/// message holding the question); <see cref="Reference"/> is what scoring checks against.
/// </summary>
public sealed record Problem
{
    /// <summary>Stable identifier, unique within a dataset.</summary>
    public required string Id { get; init; }

    /// <summary>The conversation to answer; the last message is normally the user's question.</summary>
    public required IReadOnlyList<Message> Messages { get; init; }

    /// <summary>Gold answer, tests or constraints.</summary>
    public Reference Reference { get; init; } = Reference.None;

    /// <summary>
    /// A first answer given with the problem, for critique evaluation (CriticBench-style): when set, the first
    /// generator call of every trajectory on this problem returns it instead of calling the model (no tokens billed),
    /// so a critique strategy critiques and corrects a response whose correctness is known. Null: the model answers.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? GivenAnswer { get; init; }

    /// <summary>
    /// Where the first error of <see cref="GivenAnswer"/> is, when the dataset says (e.g. "step 2"; a bare number N
    /// means "step N"). When the scoring verifier finds the given answer incorrect and locates nothing itself, this is
    /// the gold location its critiques are scored against (critique localisation).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? GivenAnswerErrorLocation { get; init; }

    /// <summary>Free-form metadata from the dataset (source, difficulty, family...).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>The text of the last user message (the question), or an empty string.</summary>
    [JsonIgnore]
    public string Question => Messages.LastOrDefault(m => m.Role == MessageRoles.User)?.Text ?? string.Empty;

    /// <summary>A problem with a single user message.</summary>
    public static Problem FromQuestion(string id, string question, Reference? reference = null) => new()
    {
        Id = id,
        Messages = [Message.User(question)],
        Reference = reference ?? Reference.None,
    };
}
