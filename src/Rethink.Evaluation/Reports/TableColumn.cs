namespace Rethink.Evaluation.Reports;

/// <summary>A column of a rendered table.</summary>
/// <param name="Header">The header text.</param>
/// <param name="RightAligned">True for numbers.</param>
internal sealed record TableColumn(string Header, bool RightAligned = true);
