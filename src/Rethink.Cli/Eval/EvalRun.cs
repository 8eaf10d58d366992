using Rethink.Evaluation.Runs;
using Rethink.Providers;

namespace Rethink.Cli.Eval;

/// <summary>One model's run, assembled: the plan the runner executes and the models behind it (whose health says why an endpoint failed).</summary>
/// <param name="Plan">What the runner executes; its configuration is what the store records.</param>
/// <param name="Generator">The generator's pipeline.</param>
/// <param name="Critic">The critic model's pipeline, when one was named.</param>
internal sealed record EvalRun(RunPlan Plan, ModelClient Generator, ModelClient? Critic);
