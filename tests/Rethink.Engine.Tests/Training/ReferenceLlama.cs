using Rethink.Engine.Model;

namespace Rethink.Engine.Tests.Training;

/// <summary>
/// An independent, deliberately naive double-precision Llama forward written from the paper definitions (no shared
/// code with the engine besides the parameter layout), used as ground truth for logits and for finite differences.
/// </summary>
internal static class ReferenceLlama
{
    /// <summary>Logits [T, vocab] of one sequence.</summary>
    public static double[][] Logits(ModelConfig c, float[] w, int[] tokens)
    {
        var layout = new ParameterLayout(c);
        int T = tokens.Length, d = c.Dim, hd = c.HeadDim, kvd = c.KvDim;
        double W(TensorSlice s, int row, int col) => w[s.Offset + (row * s.Cols) + col];
        double[] MatVec(TensorSlice s, double[] x)
        {
            var y = new double[s.Rows];
            for (var o = 0; o < s.Rows; o++)
            {
                double acc = 0;
                for (var i = 0; i < s.Cols; i++)
                {
                    acc += W(s, o, i) * x[i];
                }

                y[o] = acc;
            }

            return y;
        }

        double[] Norm(double[] x, TensorSlice g)
        {
            var ms = x.Sum(v => v * v) / x.Length;
            var r = 1 / Math.Sqrt(ms + c.NormEps);
            return x.Select((v, i) => v * r * W(g, 0, i)).ToArray();
        }

        void RopeInPlace(double[] x, int heads, int pos)
        {
            for (var h = 0; h < heads; h++)
            {
                for (var i = 0; i < hd / 2; i++)
                {
                    var a = pos * Math.Pow(c.RopeTheta, -2.0 * i / hd);
                    var j = (h * hd) + (2 * i);
                    var (x0, x1) = (x[j], x[j + 1]);
                    x[j] = (x0 * Math.Cos(a)) - (x1 * Math.Sin(a));
                    x[j + 1] = (x0 * Math.Sin(a)) + (x1 * Math.Cos(a));
                }
            }
        }

        var x = tokens.Select(t => Enumerable.Range(0, d).Select(i => W(layout.TokenEmbedding, t, i)).ToArray()).ToArray();
        foreach (var ls in layout.Layers)
        {
            var qs = new double[T][];
            var ks = new double[T][];
            var vs = new double[T][];
            for (var t = 0; t < T; t++)
            {
                var n = Norm(x[t], ls.AttnNorm);
                qs[t] = MatVec(ls.Wq, n);
                ks[t] = MatVec(ls.Wk, n);
                vs[t] = MatVec(ls.Wv, n);
                RopeInPlace(qs[t], c.Heads, t);
                RopeInPlace(ks[t], c.KvHeads, t);
            }

            for (var t = 0; t < T; t++)
            {
                var o = new double[d];
                for (var h = 0; h < c.Heads; h++)
                {
                    var g = h / c.GroupSize;
                    var sc = new double[t + 1];
                    for (var s = 0; s <= t; s++)
                    {
                        for (var i = 0; i < hd; i++)
                        {
                            sc[s] += qs[t][(h * hd) + i] * ks[s][(g * hd) + i];
                        }

                        sc[s] /= Math.Sqrt(hd);
                    }

                    var max = sc.Max();
                    var e = sc.Select(v => Math.Exp(v - max)).ToArray();
                    var z = e.Sum();
                    for (var s = 0; s <= t; s++)
                    {
                        for (var i = 0; i < hd; i++)
                        {
                            o[(h * hd) + i] += e[s] / z * vs[s][(g * hd) + i];
                        }
                    }
                }

                var proj = MatVec(ls.Wo, o);
                x[t] = x[t].Select((v, i) => v + proj[i]).ToArray();
            }

            for (var t = 0; t < T; t++)
            {
                var n = Norm(x[t], ls.FfnNorm);
                var gt = MatVec(ls.WGate, n);
                var u = MatVec(ls.WUp, n);
                var hcur = gt.Select((gv, i) => gv / (1 + Math.Exp(-gv)) * u[i]).ToArray();
                var down = MatVec(ls.WDown, hcur);
                x[t] = x[t].Select((v, i) => v + down[i]).ToArray();
            }

            _ = kvd;
        }

        return x.Select(row => MatVec(layout.Output, Norm(row, layout.FinalNorm))).ToArray();
    }

    /// <summary>Mean masked cross-entropy over a batch, in double.</summary>
    public static double Loss(ModelConfig c, float[] w, int[] tokens, int[] targets, bool[] mask, int batch, int seq)
    {
        double sum = 0;
        var count = 0;
        for (var b = 0; b < batch; b++)
        {
            var logits = Logits(c, w, tokens.AsSpan(b * seq, seq).ToArray());
            for (var t = 0; t < seq; t++)
            {
                var r = (b * seq) + t;
                if (!mask[r])
                {
                    continue;
                }

                var max = logits[t].Max();
                var lse = max + Math.Log(logits[t].Sum(v => Math.Exp(v - max)));
                sum += lse - logits[t][targets[r]];
                count++;
            }
        }

        return count == 0 ? 0 : sum / count;
    }
}
