using System.Runtime.Intrinsics.X86;

namespace Plover.Sandbox.Execution;

/// <summary>
/// The SIMD helpers use x86 instructions up to SSE4.1 where the portable Vector128 API has no
/// exact equivalent (saturating packs and adds, rounding modes, pmulhrsw, pmaddwd); on other CPUs
/// SIMD modules are refused rather than run wrongly.
/// </summary>
internal static class SimdHardware
{
    public static bool IsSupported => Sse41.IsSupported;
}
