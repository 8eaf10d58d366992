using Microsoft.Extensions.AI;
using Rethink.Core;

namespace Rethink.Evaluation.Runs;

/// <summary>What the runner asks a strategy-context factory for: the context of one (strategy, problem, sample). Immutable.</summary>
/// <param name="Strategy">The strategy about to run.</param>
/// <param name="Problem">The problem (the factory may read its metadata; a strategy must not read its reference).</param>
/// <param name="Sample">Run sample index, from 0.</param>
/// <param name="Seed">The sample's seed (<see cref="RunConfiguration.SampleSeed"/>).</param>
/// <param name="Options">The run's base chat options for this sample; the runner sets them on the context it uses.</param>
public sealed record StrategyContextRequest(IStrategy Strategy, Problem Problem, int Sample, long Seed, ChatOptions Options);
