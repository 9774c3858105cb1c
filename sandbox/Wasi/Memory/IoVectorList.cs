using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Wasi.Memory;

/// <summary>
/// Reads a guest <c>iovec</c> array and checks every buffer it names, so scatter/gather I/O can
/// run afterwards without a fault half-way.
/// </summary>
internal static class IoVectorList
{
    /// <summary>The most vectors one call may pass (Linux's IOV_MAX).</summary>
    public const uint VectorsMax = 1024;

    /// <summary>At most this many vectors are parsed into a stack buffer; more go to the heap.</summary>
    public const int StackVectorsMax = 16;

    /// <summary>
    /// Fills <paramref name="vectors"/> (length <paramref name="count"/>) from the array at
    /// <paramref name="address"/>; <c>EINVAL</c> when there are too many, <c>EFAULT</c> (by
    /// exception) when the array or any buffer is outside memory.
    /// </summary>
    public static WasiErrno Parse(IGuestMemory memory, uint address, uint count, Span<IoVector> vectors, out ulong totalBytes)
    {
        totalBytes = 0;
        if (count > VectorsMax) return WasiErrno.Inval;
        Invariant.Require(vectors.Length == (int)count, "iovec buffer sized to the vector count");
        memory.CheckRange(address, count, WasiLayout.IovecSize);
        for (uint i = 0; i < count; i++)
        {
            uint entry = address + i * WasiLayout.IovecSize;
            var vector = new IoVector(
                memory.ReadUInt32(entry + WasiLayout.IovecBufOffset),
                memory.ReadUInt32(entry + WasiLayout.IovecLengthOffset));
            memory.CheckRange(vector.Address, vector.Length, 1);
            vectors[(int)i] = vector;
            totalBytes += vector.Length;
        }
        return WasiErrno.Success;
    }

    /// <summary>
    /// Copies <paramref name="source"/> into the vectors in order and returns how many bytes went
    /// in; only the bytes actually stored are requested for writing (and so marked dirty).
    /// </summary>
    public static int Scatter(IGuestMemory memory, ReadOnlySpan<IoVector> vectors, ReadOnlySpan<byte> source)
    {
        int copied = 0;
        foreach (IoVector vector in vectors)
        {
            if (copied == source.Length) break;
            int chunk = (int)Math.Min(vector.Length, (uint)(source.Length - copied));
            if (chunk == 0) continue;
            source.Slice(copied, chunk).CopyTo(memory.Write(vector.Address, (uint)chunk));
            copied += chunk;
        }
        return copied;
    }
}
