namespace Plover.Sandbox.Wasi.Memory;

/// <summary>A guest pointer and length that reach outside linear memory.</summary>
public sealed class GuestMemoryFaultException : Exception
{
    public GuestMemoryFaultException(uint address, ulong length, string reason)
        : base($"guest memory range of {length} bytes at 0x{address:x8} {reason}")
    {
        Address = address;
        Length = length;
    }

    public uint Address { get; }
    public ulong Length { get; }
}
