namespace Rethink.Strategies;

/// <summary>How <see cref="ProgCoStrategy"/> runs its verification program.</summary>
public enum ProgCoExecution
{
    /// <summary>The model "executes" the program itself, step by step, and states the result (ProgCo's ProgVe).</summary>
    Model,

    /// <summary>The program runs for real through <see cref="Core.StrategyContext.CodeExecutor"/> (ProgCo's Python-tool variant).</summary>
    Sandbox,
}
