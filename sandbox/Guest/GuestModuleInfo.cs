using System.Runtime.CompilerServices;
using Plover.Sandbox.Guest.Asyncify;
using Plover.Sandbox.Hashing;

namespace Plover.Sandbox.Guest;

/// <summary>What a machine needs to know about its module, worked out once per compiled module.</summary>
internal sealed class GuestModuleInfo
{
    private static readonly ConditionalWeakTable<Module, GuestModuleInfo> Cache = new();

    private GuestModuleInfo(Module module)
    {
        Layout = AsyncifyLayout.Find(module);
        Fingerprint = Xxh3.Hash(module.Definition.Bytes);
    }

    /// <summary>Asyncify's globals, or null when the module is not prepared.</summary>
    public AsyncifyLayout? Layout { get; }

    /// <summary>XXH3-64 of the module binary: a captured state names the module it belongs to.</summary>
    public ulong Fingerprint { get; }

    public static GuestModuleInfo Of(Module module) => Cache.GetValue(module, m => new GuestModuleInfo(m));
}
