using Rethink.Engine.Gguf;
using Rethink.Engine.Inference;
using Rethink.Engine.Tests.Inference;
using Rethink.Engine.Tokenization;

namespace Rethink.Engine.Tests.Gguf;

public sealed class GgufTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("rethink-gguf-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void MetadataAndF32F16TensorsRoundTripExactly()
    {
        var w = new GgufWriter();
        w.Add("a.u32", GgufValue.UInt32(4000000000));
        w.Add("a.i32", GgufValue.Int32(-7));
        w.Add("a.f32", GgufValue.Float32(0.1f));
        w.Add("a.bool", GgufValue.Bool(true));
        w.Add("a.str", GgufValue.String("héllo"));
        w.Add("a.strs", GgufValue.StringArray(["x", "", "<0x0A>"]));
        w.Add("a.ints", GgufValue.Int32Array([1, -2, 3]));
        var rng = new Random(1);
        var f32 = Enumerable.Range(0, 6 * 5).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var f16 = Enumerable.Range(0, 7).Select(_ => (float)rng.NextDouble() * 100).ToArray();
        w.AddTensor("m", [5, 6], GgmlType.F32, (ReadOnlySpan<float>)f32);
        w.AddTensor("v", [7], GgmlType.F16, (ReadOnlySpan<float>)f16);
        var path = Path.Combine(dir, "rt.gguf");
        w.WriteFile(path);

        var f = GgufFile.Open(path);
        Assert.Equal(3u, f.Version);
        Assert.Equal(4000000000UL, f.Require("a.u32").AsUInt64());
        Assert.Equal(GgufValueType.Int32, f.Require("a.i32").Type);
        Assert.Equal(-7L, f.Require("a.i32").Value);
        Assert.Equal(0.1f, (float)f.Require("a.f32").AsDouble());
        Assert.True(f.Require("a.bool").AsBool());
        Assert.Equal("héllo", f.Require("a.str").AsString());
        Assert.Equal(["x", "", "<0x0A>"], (IReadOnlyList<string>)f.Require("a.strs").Value);
        Assert.Equal([1L, -2L, 3L], f.Require("a.ints").AsArray().Cast<long>());
        var m = f.RequireTensor("m");
        Assert.Equal([5L, 6L], m.Dims);
        Assert.Equal(6, m.Rows);
        Assert.Equal(f32, f.ReadTensorAsSingle(m));
        Assert.Equal(f16.Select(x => (float)(Half)x).ToArray(), f.ReadTensorAsSingle(f.RequireTensor("v")));
        Assert.Equal(0, f.DataOffset % 32);
    }

    [Fact]
    public void Q8_0DequantisationMatchesHandComputedBlocks()
    {
        // Block 1: d = half(0.5) = 0x3800, q = 1, -2, 127, -127, 0, ...
        var bytes = new byte[68];
        bytes[0] = 0x00;
        bytes[1] = 0x38;
        bytes[2] = 1;
        bytes[3] = unchecked((byte)-2);
        bytes[4] = 127;
        bytes[5] = unchecked((byte)-127);
        // Block 2: d = half(-0.25) = 0xB400, q[31] = 3.
        bytes[34] = 0x00;
        bytes[35] = 0xB4;
        bytes[67] = 3;
        var y = new float[64];
        Engine.Kernels.Q8_0.Dequantize(bytes, y);
        Assert.Equal([0.5f, -1f, 63.5f, -63.5f, 0f], y[..5]);
        Assert.Equal(-0.75f, y[63]);
        Assert.All(y[5..63], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Q8_0QuantisationFollowsGgmlRounding()
    {
        // x = i - 16: amax 16, d = 16/127, q = round_away((i - 16) * 127 / 16).
        var x = Enumerable.Range(0, 32).Select(i => (float)(i - 16)).ToArray();
        var q = new sbyte[32];
        var d = Engine.Kernels.Q8_0.QuantizeBlock(x, q);
        Assert.Equal(16f / 127f, d);
        Assert.Equal(-127, q[0]);
        Assert.Equal(-64, q[8]);   // -63.5 rounds away from zero
        Assert.Equal(0, q[16]);
        Assert.Equal(8, q[17]);    // 7.9375
        Assert.Equal(64, q[24]);   // 63.5
        Assert.Equal(119, q[31]);  // 119.0625
        var bytes = new byte[34];
        Engine.Kernels.Q8_0.Quantize(x, bytes);
        Assert.Equal((Half)(16f / 127f), BitConverter.ToHalf(bytes, 0));
        Assert.Equal(unchecked((byte)-127), bytes[2]);
    }

    [Theory]
    [InlineData(GgmlType.F32)]
    [InlineData(GgmlType.F16)]
    [InlineData(GgmlType.Q8_0)]
    public void ModelRoundTripsThroughGguf(GgmlType type)
    {
        var w = TestModels.Tiny(seed: 2, tied: type != GgmlType.F16, vocab: 268);
        var tok = new ByteTokenizer(vocabSize: 268);
        var path = Path.Combine(dir, $"model-{type}.gguf");
        LlamaGguf.Write(path, w, tok, type);
        var file = GgufFile.Open(path);
        Assert.Equal(w.Config, LlamaGguf.ReadConfig(file));
        Assert.Equal("llama", file.Require("general.architecture").AsString());
        Assert.Equal((ulong)w.Config.HeadDim, file.Require("llama.rope.dimension_count").AsUInt64());
        var back = ByteTokenizer.FromGguf(file);
        Assert.Equal(tok.TokenTexts, back.TokenTexts);
        var loaded = InferenceWeights.FromGguf(file);
        var direct = InferenceWeights.FromLlamaWeights(w, type == GgmlType.Q8_0 ? GgmlType.Q8_0 : GgmlType.F32);
        int[] prompt = [1, 100, 200, 50, 7];
        var a = new InferenceSession(loaded).ForwardLogits(prompt);
        var b = new InferenceSession(direct).ForwardLogits(prompt);
        if (type == GgmlType.F16)
        {
            var scale = b.Max(Math.Abs);
            Assert.All(a.Zip(b), p => Assert.True(Math.Abs(p.First - p.Second) <= 0.02 * scale));
        }
        else
        {
            Assert.Equal(b, a); // F32 and Q8_0 store exactly what the engine uses
        }

        var read = LlamaGguf.ReadWeights(file);
        Assert.Equal(w.Config, read.Config);
        if (type == GgmlType.F32)
        {
            Assert.Equal(w.Data, read.Data); // continuing training from an F32 file starts from the exact weights
        }
        else
        {
            var scale = w.Data.Max(Math.Abs);
            Assert.All(w.Data.Zip(read.Data), p => Assert.True(Math.Abs(p.First - p.Second) <= 0.01 * scale));
        }

        foreach (var t in w.Layout.Tensors)
        {
            var info = file.RequireTensor(t.Name);
            Assert.Equal(t.Length, info.ElementCount);
            if (type == GgmlType.F32)
            {
                Assert.Equal(w[t].ToArray(), file.ReadTensorAsSingle(info));
            }
        }
    }

    [Fact]
    public void EveryTruncationFailsWithOurException()
    {
        var bytes = SmallModelBytes();
        var file = GgufFile.Open(Path.Combine(dir, "small.gguf"));
        var end = file.DataOffset + file.Tensors.Max(t => t.Offset + t.ByteSize);
        var path = Path.Combine(dir, "cut.gguf");
        // Every byte of the fixed header and the first metadata entries, every 17th byte of the rest of the header
        // (token arrays, tensor directory), then strides through the data.
        var cuts = Enumerable.Range(0, 300).Concat(Enumerable.Range(0, ((int)file.DataOffset / 17) + 1).Select(i => i * 17)).Concat(Enumerable.Range(0, 200).Select(i => (int)(file.DataOffset + ((end - file.DataOffset) * i / 200)))).Append((int)end - 1).Distinct();
        foreach (var cut in cuts)
        {
            File.WriteAllBytes(path, bytes[..cut]);
            var e = Assert.Throws<GgufFormatException>(() => GgufFile.Open(path));
            Assert.Contains("expected", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CorruptFieldsNameTheOffsetAndExpectation()
    {
        var bytes = SmallModelBytes();
        var path = Path.Combine(dir, "bad.gguf");
        GgufFormatException Corrupt(int offset, params byte[] patch)
        {
            var copy = (byte[])bytes.Clone();
            patch.CopyTo(copy, offset);
            File.WriteAllBytes(path, copy);
            return Assert.Throws<GgufFormatException>(() => GgufFile.Open(path));
        }

        Assert.Equal(0, Corrupt(0, (byte)'X').Offset);
        Assert.Equal(4, Corrupt(4, 9).Offset);
        Assert.Contains("tensor count", Corrupt(8, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F).Message, StringComparison.Ordinal);
        Assert.Contains("metadata count", Corrupt(16, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0).Message, StringComparison.Ordinal);
        var keyLength = Corrupt(24, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0);
        Assert.Equal(24, keyLength.Offset);
        Assert.Contains("string length", keyLength.Message, StringComparison.Ordinal);
        // First key is general.alignment (8 + 17 bytes), its type follows: make it an unknown type.
        Assert.Equal(24 + 8 + 17, Corrupt(24 + 8 + 17, 99).Offset);
    }

    [Fact]
    public void RandomByteFlipsNeverThrowAnythingButOurException()
    {
        var bytes = SmallModelBytes();
        var file = GgufFile.Open(Path.Combine(dir, "small.gguf"));
        var path = Path.Combine(dir, "fuzz.gguf");
        var rng = new Random(1234);
        var failures = 0;
        for (var i = 0; i < 300; i++)
        {
            var copy = (byte[])bytes.Clone();
            var flips = rng.Next(1, 5);
            for (var f = 0; f < flips; f++)
            {
                // Mostly the header, where structure lives; sometimes anywhere.
                var at = rng.Next(4) == 0 ? rng.Next(copy.Length) : rng.Next((int)file.DataOffset);
                copy[at] ^= (byte)(1 << rng.Next(8));
            }

            File.WriteAllBytes(path, copy);
            try
            {
                var g = GgufFile.Open(path);
                _ = InferenceWeights.FromGguf(g);
                _ = ByteTokenizer.FromGguf(g);
            }
            catch (GgufFormatException)
            {
                failures++;
            }
        }

        Assert.True(failures > 30, $"only {failures} of 300 corrupted files were rejected");
    }

    private byte[] SmallModelBytes()
    {
        var path = Path.Combine(dir, "small.gguf");
        var w = TestModels.Tiny(seed: 1, vocab: 264);
        LlamaGguf.Write(path, w, new ByteTokenizer(specialTokens: [], vocabSize: 264), GgmlType.Q8_0);
        return File.ReadAllBytes(path);
    }
}
