using System.Runtime.Intrinsics;

namespace Rethink.Engine.Kernels;

/// <summary>The best <see cref="SimdLevel"/> this machine accelerates.</summary>
internal static class SimdCapabilities
{
    /// <summary>Vector512 when accelerated, else Vector256 when accelerated, else scalar.</summary>
    public static SimdLevel Best { get; } =
        Vector512.IsHardwareAccelerated ? SimdLevel.Vector512
        : Vector256.IsHardwareAccelerated ? SimdLevel.Vector256
        : SimdLevel.Scalar;

    /// <summary>The levels this machine can run (scalar always), for tests.</summary>
    public static IReadOnlyList<SimdLevel> Available { get; } =
        Best switch
        {
            SimdLevel.Vector512 => [SimdLevel.Scalar, SimdLevel.Vector256, SimdLevel.Vector512],
            SimdLevel.Vector256 => [SimdLevel.Scalar, SimdLevel.Vector256],
            _ => [SimdLevel.Scalar],
        };
}
