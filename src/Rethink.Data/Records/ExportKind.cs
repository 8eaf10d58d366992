namespace Rethink.Data;

/// <summary>
/// The kinds of record an export makes (the glossary's "Export"). The values appear in every record and in file
/// names people choose, so they never change.
/// </summary>
public static class ExportKind
{
    /// <summary>Verified final answers as supervised fine-tuning targets (<see cref="SftBuilder"/>).</summary>
    public const string Sft = "sft";

    /// <summary>Two-turn correction conversations with the corrected final answer as target, CCT-style (<see cref="CorrectionBuilder"/>).</summary>
    public const string Correction = "correction";

    /// <summary>Chosen/rejected pairs from refinements, verified samples and judged pairs (<see cref="PreferenceBuilder"/>).</summary>
    public const string Preference = "preference";

    /// <summary>A critic's input and output with the gold label of the critiqued attempt (<see cref="CritiqueBuilder"/>).</summary>
    public const string Critique = "critique";

    /// <summary>A judge's input and output, one record per presentation order, with gold agreement (<see cref="JudgementBuilder"/>).</summary>
    public const string Judgement = "judgement";

    /// <summary>Every kind, in documentation order.</summary>
    public static IReadOnlyList<string> All { get; } = [Sft, Correction, Preference, Critique, Judgement];

    /// <summary>True for a known kind (ordinal comparison).</summary>
    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);
}
