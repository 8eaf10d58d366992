namespace Rethink.Core.Metrics;

/// <summary>The mean cost per trajectory of the calls made in one role.</summary>
/// <param name="Role">The role.</param>
/// <param name="Calls">Mean number of calls per trajectory.</param>
/// <param name="InputTokens">Mean input (prompt) tokens per trajectory.</param>
/// <param name="OutputTokens">Mean output (generated) tokens per trajectory.</param>
public sealed record RoleCost(ModelRole Role, double Calls, double InputTokens, double OutputTokens)
{
    /// <summary>Mean input plus output tokens per trajectory.</summary>
    public double TotalTokens => InputTokens + OutputTokens;
}
