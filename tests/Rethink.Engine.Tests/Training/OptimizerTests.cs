using Rethink.Engine.Model;
using Rethink.Engine.Training;

namespace Rethink.Engine.Tests.Training;

public class OptimizerTests
{
    [Fact]
    public void AdamW_first_step_matches_hand_computation_and_skips_decay_on_norms()
    {
        var layout = new ParameterLayout(new ModelConfig(4, 2, 1, 1, 1, 2, 4));
        var opt = new AdamW(layout, beta1: 0.9f, beta2: 0.99f, epsilon: 1e-8f, weightDecay: 0.5f);
        var p = Enumerable.Repeat(2f, layout.TotalLength).ToArray();
        var g = Enumerable.Repeat(0.25f, layout.TotalLength).ToArray();
        opt.Update(p, g, learningRate: 0.1f, step: 1);

        // Step 1: mHat = g, vHat = g^2, so the Adam term is g/|g| = 1 (up to eps).
        var emb = layout.TokenEmbedding;
        var norm = layout.Layers[0].AttnNorm;
        Assert.Equal(2f - (0.1f * (1f + (0.5f * 2f))), p[emb.Offset], 5);   // decayed: embedding is a matrix
        Assert.Equal(2f - (0.1f * 1f), p[norm.Offset], 5);                  // norm gain: no decay
        Assert.Equal(0.025f, opt.M[0], 6);
        Assert.Equal(0.000625f, opt.V[0], 7);
    }

    [Fact]
    public void Schedule_warms_up_linearly_then_follows_cosine_to_the_floor()
    {
        var s = new LearningRateSchedule(1f, 0.1f, WarmupSteps: 4, TotalSteps: 14);
        Assert.Equal(0.25f, s.At(0), 6);
        Assert.Equal(1f, s.At(3), 6);
        Assert.Equal(1f, s.At(4), 6);
        Assert.Equal(0.55f, s.At(9), 5); // halfway: (1 + cos(pi/2)) / 2 = 0.5
        Assert.Equal(0.1f, s.At(14), 6);
        Assert.Equal(0.1f, s.At(100), 6);
    }

    [Fact]
    public void Clipping_rescales_to_the_threshold_only_when_above_it()
    {
        var g = new[] { 3f, 4f };
        Assert.Equal(5.0, GradientClipping.ClipByGlobalNorm(g, 1f), 6);
        Assert.Equal(0.6f, g[0], 6);
        Assert.Equal(0.8f, g[1], 6);
        var small = new[] { 0.3f, 0.4f };
        GradientClipping.ClipByGlobalNorm(small, 1f);
        Assert.Equal(new[] { 0.3f, 0.4f }, small);
    }
}
