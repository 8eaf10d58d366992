using Rethink.Engine.Model;

namespace Rethink.Engine.Tests.Inference;

/// <summary>
/// A deliberately naive full-sequence Llama forward pass in double precision, written from the paper's equations and
/// sharing no code with the engine: RMSNorm, adjacent-pair RoPE with freq_i = theta^(-2i/hd), causal grouped-query
/// attention, SwiGLU. Ground truth for the KV-cache and batched paths.
/// </summary>
internal static class ReferenceLlama
{
    /// <summary>Logits after every token [T, vocab].</summary>
    public static double[][] Forward(LlamaWeights w, IReadOnlyList<int> tokens)
    {
        var c = w.Config;
        var lay = w.Layout;
        var t = tokens.Count;
        var hd = c.HeadDim;
        var x = new double[t][];
        for (var i = 0; i < t; i++)
        {
            x[i] = Row(w[lay.TokenEmbedding], tokens[i], c.Dim);
        }

        foreach (var l in lay.Layers)
        {
            var q = new double[t][];
            var k = new double[t][];
            var v = new double[t][];
            for (var i = 0; i < t; i++)
            {
                var h = Norm(x[i], w[l.AttnNorm], c.NormEps);
                q[i] = Rope(MatVec(w[l.Wq], h, c.Dim, c.Dim), i, hd, c.RopeTheta);
                k[i] = Rope(MatVec(w[l.Wk], h, c.KvDim, c.Dim), i, hd, c.RopeTheta);
                v[i] = MatVec(w[l.Wv], h, c.KvDim, c.Dim);
            }

            for (var i = 0; i < t; i++)
            {
                var o = new double[c.Dim];
                for (var head = 0; head < c.Heads; head++)
                {
                    var kvh = head / (c.Heads / c.KvHeads);
                    var s = new double[i + 1];
                    for (var j = 0; j <= i; j++)
                    {
                        for (var d = 0; d < hd; d++)
                        {
                            s[j] += q[i][(head * hd) + d] * k[j][(kvh * hd) + d];
                        }

                        s[j] /= Math.Sqrt(hd);
                    }

                    var max = s.Max();
                    var z = s.Sum(e => Math.Exp(e - max));
                    for (var j = 0; j <= i; j++)
                    {
                        var p = Math.Exp(s[j] - max) / z;
                        for (var d = 0; d < hd; d++)
                        {
                            o[(head * hd) + d] += p * v[j][(kvh * hd) + d];
                        }
                    }
                }

                Add(x[i], MatVec(w[l.Wo], o, c.Dim, c.Dim));
            }

            for (var i = 0; i < t; i++)
            {
                var h = Norm(x[i], w[l.FfnNorm], c.NormEps);
                var g = MatVec(w[l.WGate], h, c.HiddenDim, c.Dim);
                var u = MatVec(w[l.WUp], h, c.HiddenDim, c.Dim);
                var a = new double[c.HiddenDim];
                for (var j = 0; j < a.Length; j++)
                {
                    a[j] = g[j] / (1 + Math.Exp(-g[j])) * u[j];
                }

                Add(x[i], MatVec(w[l.WDown], a, c.Dim, c.HiddenDim));
            }
        }

        var logits = new double[t][];
        for (var i = 0; i < t; i++)
        {
            logits[i] = MatVec(w[lay.Output], Norm(x[i], w[lay.FinalNorm], c.NormEps), c.VocabSize, c.Dim);
        }

        return logits;
    }

    private static double[] Row(Span<float> m, int row, int cols)
    {
        var r = new double[cols];
        for (var j = 0; j < cols; j++)
        {
            r[j] = m[(row * cols) + j];
        }

        return r;
    }

    private static double[] MatVec(Span<float> m, double[] v, int rows, int cols)
    {
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                y[i] += m[(i * cols) + j] * v[j];
            }
        }

        return y;
    }

    private static double[] Norm(double[] x, Span<float> weight, float eps)
    {
        var ms = x.Sum(e => e * e) / x.Length;
        var r = 1 / Math.Sqrt(ms + eps);
        var y = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = x[i] * r * weight[i];
        }

        return y;
    }

    private static double[] Rope(double[] x, int pos, int hd, float theta)
    {
        var y = (double[])x.Clone();
        for (var h = 0; h < x.Length / hd; h++)
        {
            for (var i = 0; i < hd / 2; i++)
            {
                var angle = pos * Math.Pow(theta, -2.0 * i / hd);
                var a = x[(h * hd) + (2 * i)];
                var b = x[(h * hd) + (2 * i) + 1];
                y[(h * hd) + (2 * i)] = (a * Math.Cos(angle)) - (b * Math.Sin(angle));
                y[(h * hd) + (2 * i) + 1] = (a * Math.Sin(angle)) + (b * Math.Cos(angle));
            }
        }

        return y;
    }

    private static void Add(double[] x, double[] y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] += y[i];
        }
    }
}
