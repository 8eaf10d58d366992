using Rethink.Engine.Inference;

namespace Rethink.Engine.Tests.Inference;

public class SamplerTests
{
    [Fact]
    public void TopKKeepsTheKLargestRenormalised()
    {
        float[] logits = [1f, 3f, 2f, 0f];
        var c = Sampler.Candidates(logits, new SamplingOptions { Temperature = 1, TopK = 2 });
        Assert.Equal([1, 2], c.Select(x => x.Id));
        var z = Math.Exp(3) + Math.Exp(2);
        Assert.Equal(Math.Exp(3) / z, c[0].Probability, 12);
        Assert.Equal(Math.Exp(2) / z, c[1].Probability, 12);
    }

    [Fact]
    public void TopPKeepsTheSmallestPrefixReachingP()
    {
        float[] logits = [MathF.Log(0.15f), MathF.Log(0.5f), MathF.Log(0.05f), MathF.Log(0.3f)];
        var c = Sampler.Candidates(logits, new SamplingOptions { Temperature = 1, TopP = 0.75f });
        Assert.Equal([1, 3], c.Select(x => x.Id));
        Assert.Equal(0.625, c[0].Probability, 5);
        Assert.Equal(0.375, c[1].Probability, 5);
        var three = Sampler.Candidates(logits, new SamplingOptions { Temperature = 1, TopP = 0.9f });
        Assert.Equal([1, 3, 0], three.Select(x => x.Id));
        var k1 = Sampler.Candidates(logits, new SamplingOptions { Temperature = 1, TopP = 0.01f });
        Assert.Equal(1, Assert.Single(k1).Id);
    }

    [Fact]
    public void TemperatureScalesLogits()
    {
        float[] logits = [0f, 2f];
        var c = Sampler.Candidates(logits, new SamplingOptions { Temperature = 2 });
        var p1 = Math.Exp(1) / (1 + Math.Exp(1));
        Assert.Equal(p1, c.Single(x => x.Id == 1).Probability, 10);
    }

    [Fact]
    public void GreedyPicksTheLowestIdAmongTies()
    {
        float[] logits = [0f, 5f, 5f, 1f];
        var t = new Sampler(SamplingOptions.Greedy).Next(logits);
        Assert.Equal(1, t.Id);
    }

    [Fact]
    public void DrawsFollowTheDistributionAndRepeatPerSeed()
    {
        float[] logits = [MathF.Log(0.5f), MathF.Log(0.3f), MathF.Log(0.2f)];
        var options = new SamplingOptions { Temperature = 1, Seed = 7 };
        var a = new Sampler(options);
        var counts = new int[3];
        var first = new List<int>();
        for (var i = 0; i < 20000; i++)
        {
            var id = a.Next(logits).Id;
            counts[id]++;
            if (i < 50)
            {
                first.Add(id);
            }
        }

        Assert.Equal(0.5, counts[0] / 20000.0, 1);
        Assert.InRange(counts[1] / 20000.0, 0.28, 0.32);
        Assert.InRange(counts[2] / 20000.0, 0.18, 0.22);
        var b = new Sampler(options);
        Assert.Equal(first, Enumerable.Range(0, 50).Select(_ => b.Next(logits).Id));
        var c = new Sampler(options with { Seed = 8 });
        Assert.NotEqual(first, Enumerable.Range(0, 50).Select(_ => c.Next(logits).Id));
    }

    [Fact]
    public void DeterministicRandomIsAFixedStream()
    {
        var r = new DeterministicRandom(0);
        var again = new DeterministicRandom(0);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(r.NextUInt64(), again.NextUInt64());
        }

        var d = new DeterministicRandom(1).NextDouble();
        Assert.InRange(d, 0, 1);
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new Sampler(new SamplingOptions { TopP = 0 }));
        Assert.Throws<ArgumentException>(() => new Sampler(new SamplingOptions { Temperature = -1 }));
    }
}
