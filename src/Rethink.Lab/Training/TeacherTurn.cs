using Rethink.Core;

namespace Rethink.Lab.Training;

/// <summary>One reply the teacher gave: what it was asked, what it answered, and whether the reply may be learned.</summary>
/// <param name="Messages">The conversation the teacher was sent.</param>
/// <param name="Output">The teacher's reply.</param>
/// <param name="Role">The part the call played (generator or critic).</param>
/// <param name="Trainable">False for deliberately flawed first answers: they set up a correction and are never taught.</param>
public sealed record TeacherTurn(IReadOnlyList<Message> Messages, string Output, ModelRole Role, bool Trainable);
