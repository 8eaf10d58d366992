using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Rethink.Engine.Model;

namespace Rethink.Engine.Checkpoints;

/// <summary>
/// Binary training checkpoints. Layout (little-endian): magic "RTHKCKPT", int32 version, the ModelConfig (7 int32,
/// 2 float32, 1 byte tied), int64 step, int64 epoch, int32 cursor, int64 seed, int64 parameter count n, then
/// float32 weights[n], m[n], v[n], and a 64-bit FNV-1a checksum of every preceding byte. Writes go to a temporary file
/// in the same directory, are flushed to disk, then renamed over the target, so a crash never leaves a half-written
/// checkpoint under the real name.
/// </summary>
public static class TrainingCheckpoint
{
    private const int Version = 1;
    private const int HeaderBytes = 8 + 4 + (7 * 4) + (2 * 4) + 1 + 8 + 8 + 4 + 8 + 8;
    private static ReadOnlySpan<byte> Magic => "RTHKCKPT"u8;

    /// <summary>Writes <paramref name="state"/> to <paramref name="path"/> atomically (temp file, flush, rename).</summary>
    /// <param name="path">Target file; replaced if it exists.</param>
    /// <param name="state">What to save; arrays must all have the layout's length.</param>
    public static void Save(string path, TrainingCheckpointState state)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(state);
        var n = new ParameterLayout(state.Config).TotalLength;
        if (state.Weights.Length != n || state.FirstMoments.Length != n || state.SecondMoments.Length != n)
        {
            throw new ArgumentException($"Checkpoint arrays must have {n} floats for this config.", nameof(state));
        }

        var header = new byte[HeaderBytes];
        WriteHeader(header, state, n);
        var full = Path.GetFullPath(path);
        var tmp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                var hash = Fnv.Offset;
                void Put(ReadOnlySpan<byte> bytes)
                {
                    hash = Fnv.Update(hash, bytes);
                    fs.Write(bytes);
                }

                Put(header);
                Put(MemoryMarshal.AsBytes(state.Weights.AsSpan()));
                Put(MemoryMarshal.AsBytes(state.FirstMoments.AsSpan()));
                Put(MemoryMarshal.AsBytes(state.SecondMoments.AsSpan()));
                Span<byte> tail = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(tail, hash);
                fs.Write(tail);
                fs.Flush(flushToDisk: true);
            }

            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp))
            {
                File.Delete(tmp);
            }
        }
    }

    /// <summary>
    /// Reads a checkpoint and checks it against <paramref name="expectedConfig"/>. Throws
    /// <see cref="InvalidDataException"/> naming the file and what was expected when it is truncated, corrupt, of an
    /// unknown version, or of another model shape.
    /// </summary>
    /// <param name="path">Checkpoint file.</param>
    /// <param name="expectedConfig">The model shape the caller will load it into; null accepts any.</param>
    public static TrainingCheckpointState Load(string path, ModelConfig? expectedConfig)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderBytes + 8)
        {
            throw new InvalidDataException($"Checkpoint '{path}' is truncated: {bytes.Length} bytes, shorter than the {HeaderBytes + 8}-byte header and checksum.");
        }

        if (!bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{path}' is not a Rethink training checkpoint (expected magic 'RTHKCKPT').");
        }

        var span = bytes.AsSpan();
        var version = BinaryPrimitives.ReadInt32LittleEndian(span[8..]);
        if (version != Version)
        {
            throw new InvalidDataException($"Checkpoint '{path}' has version {version}; this build reads version {Version}.");
        }

        var o = 12;
        int I32() { var v = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(o)); o += 4; return v; }
        long I64() { var v = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(o)); o += 8; return v; }
        float F32() { var v = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(o)); o += 4; return v; }
        var config = new ModelConfig(I32(), I32(), I32(), I32(), I32(), I32(), I32(), F32(), F32(), bytes[o++] != 0);
        var step = I64();
        var epoch = I64();
        var cursor = I32();
        var seed = I64();
        var n = I64();

        if (expectedConfig is not null && config != expectedConfig)
        {
            throw new InvalidDataException($"Checkpoint '{path}' is for a different model: it holds {config}, but {expectedConfig} was requested.");
        }

        long expectedLength;
        try
        {
            config.Validate();
            var layoutLength = new ParameterLayout(config).TotalLength;
            if (n != layoutLength)
            {
                throw new InvalidDataException($"Checkpoint '{path}' declares {n} parameters, but its config needs {layoutLength}.");
            }

            expectedLength = HeaderBytes + (3 * n * sizeof(float)) + 8;
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Checkpoint '{path}' has an invalid model config: {e.Message}", e);
        }

        if (bytes.Length != expectedLength)
        {
            throw new InvalidDataException(bytes.Length < expectedLength
                ? $"Checkpoint '{path}' is truncated: expected {expectedLength} bytes (header, 3 x {n} floats, checksum), found {bytes.Length}."
                : $"Checkpoint '{path}' has {bytes.Length - expectedLength} unexpected bytes after the expected {expectedLength}.");
        }

        var stored = BinaryPrimitives.ReadUInt64LittleEndian(span[(int)(expectedLength - 8)..]);
        // Hash in the same pieces Save wrote (header, weights, m, v): word boundaries depend on the split.
        var actual = Fnv.Update(Fnv.Offset, span[..HeaderBytes]);
        for (var i = 0; i < 3; i++)
        {
            actual = Fnv.Update(actual, span.Slice(HeaderBytes + (int)(i * n * sizeof(float)), (int)(n * sizeof(float))));
        }

        if (stored != actual)
        {
            throw new InvalidDataException($"Checkpoint '{path}' is corrupt: checksum {actual:x16} does not match the stored {stored:x16}.");
        }

        float[] Floats(int index) => MemoryMarshal.Cast<byte, float>(bytes.AsSpan(HeaderBytes + (int)(index * n * sizeof(float)), (int)(n * sizeof(float)))).ToArray();
        return new TrainingCheckpointState(config, step, epoch, cursor, seed, Floats(0), Floats(1), Floats(2));
    }

    private static void WriteHeader(byte[] h, TrainingCheckpointState s, long n)
    {
        Magic.CopyTo(h.AsSpan());
        var o = 8;
        void I32(int v) { BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(o), v); o += 4; }
        void I64(long v) { BinaryPrimitives.WriteInt64LittleEndian(h.AsSpan(o), v); o += 8; }
        void F32(float v) { BinaryPrimitives.WriteSingleLittleEndian(h.AsSpan(o), v); o += 4; }
        var c = s.Config;
        I32(Version);
        I32(c.VocabSize);
        I32(c.Dim);
        I32(c.Layers);
        I32(c.Heads);
        I32(c.KvHeads);
        I32(c.HiddenDim);
        I32(c.ContextLength);
        F32(c.RopeTheta);
        F32(c.NormEps);
        h[o++] = c.TiedEmbeddings ? (byte)1 : (byte)0;
        I64(s.Step);
        I64(s.Epoch);
        I32(s.Cursor);
        I64(s.Seed);
        I64(n);
    }

    /// <summary>FNV-1a over 64-bit little-endian words (bytes for the tail): cheap enough for 100 MB files.</summary>
    private static class Fnv
    {
        public const ulong Offset = 14695981039346656037UL;
        private const ulong Prime = 1099511628211UL;

        public static ulong Update(ulong hash, ReadOnlySpan<byte> bytes)
        {
            // Words within a piece, then its odd tail bytewise; Save and Load must therefore use the same pieces.
            var words = MemoryMarshal.Cast<byte, ulong>(bytes);
            foreach (var w in words)
            {
                hash = (hash ^ w) * Prime;
            }

            foreach (var b in bytes[(words.Length * 8)..])
            {
                hash = (hash ^ b) * Prime;
            }

            return hash;
        }
    }
}
