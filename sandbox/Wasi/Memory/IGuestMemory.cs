namespace Plover.Sandbox.Wasi.Memory;

/// <summary>
/// The guest's linear memory as the library OS sees it: bounds-checked byte ranges addressed by
/// wasm32 pointers. The engine binds this to its linear memory; <see cref="Write"/> is how the
/// library OS stores into the guest, so the engine marks exactly those pages dirty.
/// </summary>
/// <remarks>
/// A span is valid only until the guest runs again or memory grows; the library OS never keeps
/// one across calls. Both methods throw <see cref="GuestMemoryFaultException"/> when any byte of
/// the range lies outside memory (including a range that wraps past 2^32); the library OS turns
/// that into <c>EFAULT</c>.
/// </remarks>
public interface IGuestMemory
{
    /// <summary>The bytes <c>[address, address + length)</c>, for reading. Marks nothing dirty.</summary>
    ReadOnlySpan<byte> Read(uint address, uint length);

    /// <summary>The bytes <c>[address, address + length)</c>, for writing; marks their pages dirty.</summary>
    Span<byte> Write(uint address, uint length);
}
