using Rethink.Core.Metrics;

namespace Rethink.Core.Tests.Metrics;

public class TurnAccuracyTests
{
    // Six trajectories, correctness per committed turn (T = correct):
    //   A: F T T    B: T    C: F F T    D: (none)    E: F T    F: T F
    // Carried forward to three turns:
    //   t=1: A F, B T, C F, D F, E F, F T -> 2/6
    //   t=2: A T, B T, C F, D F, E T, F F -> 3/6
    //   t=3: A T, B T, C T, D F, E T, F F -> 4/6
    // Oracle (correct at any turn): A, B, C, E, F -> 5/6.
    private static readonly IReadOnlyList<IReadOnlyList<bool>> Six =
    [
        [false, true, true],
        [true],
        [false, false, true],
        [],
        [false, true],
        [true, false],
    ];

    [Fact]
    public void AtEachTurn_carries_the_last_answer_forward()
    {
        var acc = TurnAccuracy.AtEachTurn(Six);

        Assert.Equal([2.0 / 6, 3.0 / 6, 4.0 / 6], acc);
    }

    [Fact]
    public void Oracle_counts_a_trajectory_correct_at_any_turn()
    {
        Assert.Equal(5.0 / 6, TurnAccuracy.Oracle(Six));
    }

    [Fact]
    public void Oracle_is_never_below_final_accuracy_and_differs_when_a_right_answer_was_abandoned()
    {
        var final = TurnAccuracy.AtEachTurn(Six)[^1];

        // F was right at turn 1 and wrong at the end: the oracle counts it, the honest number does not.
        Assert.True(TurnAccuracy.Oracle(Six) > final);
    }

    [Fact]
    public void Empty_input_gives_no_turns_and_zero_oracle()
    {
        Assert.Empty(TurnAccuracy.AtEachTurn([]));
        Assert.Equal(0.0, TurnAccuracy.Oracle([]));
    }
}
