using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Wasi.Descriptors;

/// <summary>An open file descriptor of the guest: what it refers to, its rights and its flags.</summary>
internal abstract class Descriptor(WasiRights rightsBase, WasiRights rightsInheriting, WasiFdFlags flags)
{
    public WasiRights RightsBase { get; set; } = rightsBase;

    public WasiRights RightsInheriting { get; set; } = rightsInheriting;

    public WasiFdFlags Flags { get; set; } = flags;

    public abstract WasiFiletype Filetype { get; }

    /// <summary>Whether offsets mean anything here; seeking anything else is ESPIPE.</summary>
    public virtual bool IsSeekable => false;

    public bool IsNonBlocking => (Flags & WasiFdFlags.Nonblock) != 0;

    public bool Has(WasiRights rights) => (RightsBase & rights) == rights;

    /// <summary>Releases what the descriptor holds when the guest closes it.</summary>
    public abstract void Close();
}
