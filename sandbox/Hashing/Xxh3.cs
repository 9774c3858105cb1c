using System.Reflection;
using System.Runtime.InteropServices;

namespace Plover.Sandbox.Hashing;

/// <summary>
/// XXH3-64 (seed 0) from Debian's libxxhash. The <c>_dispatch</c> entry point picks the widest
/// vector unit at run time (AVX2 here); plain <c>XXH3_64bits</c> in that build is the SSE2 one.
/// </summary>
public static unsafe partial class Xxh3
{
    private const string Library = "libxxhash.so.0";

    static Xxh3() => NativeLibrary.SetDllImportResolver(typeof(Xxh3).Assembly, Resolve);

    /// <summary>The XXH3-64 hash of <paramref name="data"/>.</summary>
    public static ulong Hash(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data) return XXH3_64bits_dispatch(p, (nuint)data.Length);
    }

    /// <summary>The XXH3-64 hash of <paramref name="length"/> bytes at <paramref name="data"/>.</summary>
    public static ulong Hash(byte* data, nuint length) => XXH3_64bits_dispatch(data, length);

    [LibraryImport(Library)]
    private static partial ulong XXH3_64bits_dispatch(byte* data, nuint length);

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library) return 0;
        if (NativeLibrary.TryLoad(name, out nint handle)) return handle;
        throw new DllNotFoundException($"{name} is not installed: run scripts/setup (it installs Debian's libxxhash0).");
    }
}
