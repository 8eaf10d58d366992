using System.Security.Cryptography;
using System.Text;

namespace Rethink.Testing.Http;

/// <summary>
/// Which requests <see cref="FaultProxy"/> fails, decided per request without shared state, so concurrency cannot make
/// a test flaky: the fault of an attempt is a hash of (seed, request body, attempt number), with attempt numbers
/// counted per logical call; attempts past <see cref="MaxFaultsPerCall"/> are always forwarded, so no call meets more
/// faults in a row than the client's retries cover. <see cref="Script"/>, when set, decides instead.
/// </summary>
public sealed record FaultPlan
{
    /// <summary>Forwards everything.</summary>
    public static FaultPlan None { get; } = new() { Rate = 0 };

    public int Seed { get; init; }

    /// <summary>Share of attempts (at most <see cref="MaxFaultsPerCall"/> per call) that fail, 0 to 1.</summary>
    public double Rate { get; init; }

    /// <summary>The client's retry count: attempt <c>MaxFaultsPerCall + 1</c> of a call is always forwarded.</summary>
    public int MaxFaultsPerCall { get; init; } = 3;

    /// <summary>The faults to draw from, uniformly.</summary>
    public IReadOnlyList<FaultKind> Kinds { get; init; } = Enum.GetValues<FaultKind>();

    /// <summary>A fixed decision per request (body, attempt), for tests that need one particular fault.</summary>
    public Func<string, int, FaultKind?>? Script { get; init; }

    /// <summary>The fault for attempt <paramref name="attempt"/> (1-based) of a call whose request body is <paramref name="body"/>.</summary>
    public FaultKind? Decide(string body, int attempt)
    {
        if (Script is { } script)
        {
            return script(body, attempt);
        }

        if (attempt > MaxFaultsPerCall || Rate <= 0 || Kinds.Count == 0)
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Seed}\n{attempt}\n{body}")));
        var draw = BitConverter.ToUInt64(hash, 0) / (double)ulong.MaxValue;
        return draw < Rate ? Kinds[(int)(BitConverter.ToUInt64(hash, 8) % (ulong)Kinds.Count)] : null;
    }
}
