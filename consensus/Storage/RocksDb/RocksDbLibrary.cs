using System.Reflection;
using System.Runtime.InteropServices;

namespace Plover.Consensus.Storage.RocksDb;

/// <summary>
/// Loads Debian's librocksdb.so.7.8 (the runtime package has no unversioned .so) and turns a
/// missing library into an error that says how to install it.
/// </summary>
internal static class RocksDbLibrary
{
    private static int _registered;

    /// <summary>Installs the resolver once per process (an assembly may have only one).</summary>
    internal static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
            NativeLibrary.SetDllImportResolver(typeof(RocksDbLibrary).Assembly, Resolve);
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != RocksDbNative.Library) return 0;
        if (NativeLibrary.TryLoad(name, out nint handle)) return handle;
        throw new DllNotFoundException(
            $"{name} is not installed: run scripts/setup (it installs Debian's librocksdb7.8).");
    }
}
