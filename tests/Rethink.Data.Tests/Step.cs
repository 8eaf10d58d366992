using Rethink.Core;

namespace Rethink.Data.Tests;

/// <summary>One step of a scripted trajectory: an answer, its gold correctness and, for steps after the first, the label a critic gave the previous answer (null: no critique turn).</summary>
public sealed record Step(string Answer, bool Correct, VerdictLabel? CriticBefore = null, VerdictLabel? GoldOverride = null);
