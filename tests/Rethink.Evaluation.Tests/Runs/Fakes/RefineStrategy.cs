using Rethink.Core;

namespace Rethink.Evaluation.Tests.Runs.Fakes;

/// <summary>
/// Generate, then <c>rounds</c> refine calls, every answer committed; calls go through <see cref="TrajectoryBuilder"/>
/// so budgets and cancellation behave as in real strategies. Immutable and thread-safe.
/// </summary>
public sealed class RefineStrategy : IStrategy
{
    public RefineStrategy(string name = "fake-refine", int rounds = 1, string prompt = "Improve your answer.")
    {
        Name = name;
        Rounds = rounds;
        Prompt = prompt;
        Settings = new Dictionary<string, string>
        {
            ["max_rounds"] = rounds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["refine_prompt"] = prompt,
        };
    }

    public string Name { get; }

    public int Rounds { get; }

    public string Prompt { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    public async Task<Trajectory> RunAsync(Problem problem, StrategyContext context, CancellationToken cancellationToken = default)
    {
        var builder = new TrajectoryBuilder(problem, Name, context);
        var messages = problem.Messages.ToList();
        var reply = await builder.CallAsync(context.Generator, ModelRole.Generator, messages, context.Options, 0, TurnRole.Generate, cancellationToken);
        builder.AddTurn(TurnRole.Generate, [reply.Call], reply.Text, builder.MakeAttempt(reply.Text, reply.Call), committed: true);
        for (var round = 1; round <= Rounds; round++)
        {
            messages = [.. messages, Message.Assistant(reply.Text), Message.User(Prompt)];
            reply = await builder.CallAsync(context.Generator, ModelRole.Generator, messages, context.Options, 0, TurnRole.Refine, cancellationToken);
            builder.AddTurn(TurnRole.Refine, [reply.Call], reply.Text, builder.MakeAttempt(reply.Text, reply.Call), committed: true);
        }

        return builder.Finish(StopReasons.MaxRounds);
    }
}
