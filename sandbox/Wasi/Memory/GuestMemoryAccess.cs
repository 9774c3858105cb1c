using System.Buffers.Binary;

namespace Plover.Sandbox.Wasi.Memory;

/// <summary>Little-endian scalar loads and stores on guest memory, as wasm lays them out.</summary>
public static class GuestMemoryAccess
{
    public static byte ReadByte(this IGuestMemory memory, uint address) => memory.Read(address, 1)[0];

    public static ushort ReadUInt16(this IGuestMemory memory, uint address) =>
        BinaryPrimitives.ReadUInt16LittleEndian(memory.Read(address, 2));

    public static uint ReadUInt32(this IGuestMemory memory, uint address) =>
        BinaryPrimitives.ReadUInt32LittleEndian(memory.Read(address, 4));

    public static ulong ReadUInt64(this IGuestMemory memory, uint address) =>
        BinaryPrimitives.ReadUInt64LittleEndian(memory.Read(address, 8));

    public static void WriteByte(this IGuestMemory memory, uint address, byte value) => memory.Write(address, 1)[0] = value;

    public static void WriteUInt16(this IGuestMemory memory, uint address, ushort value) =>
        BinaryPrimitives.WriteUInt16LittleEndian(memory.Write(address, 2), value);

    public static void WriteUInt32(this IGuestMemory memory, uint address, uint value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(memory.Write(address, 4), value);

    public static void WriteUInt64(this IGuestMemory memory, uint address, ulong value) =>
        BinaryPrimitives.WriteUInt64LittleEndian(memory.Write(address, 8), value);

    /// <summary>
    /// Checks that <c>count</c> records of <c>size</c> bytes at <paramref name="address"/> lie in
    /// memory, without marking anything dirty: lets a call validate every pointer before it has
    /// any effect, so a fault never leaves half an operation done.
    /// </summary>
    public static void CheckRange(this IGuestMemory memory, uint address, ulong count, uint size)
    {
        ulong bytes = count * size;
        if (count != 0 && bytes / count != size || bytes > uint.MaxValue)
            throw new GuestMemoryFaultException(address, bytes, $"({count} records of {size} bytes) overflows the 32-bit address space");
        memory.Read(address, (uint)bytes);
    }
}
