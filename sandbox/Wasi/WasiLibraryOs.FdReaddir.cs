using System.Buffers.Binary;
using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Descriptors;
using Plover.Sandbox.Wasi.HostFiles;
using Plover.Sandbox.Wasi.Memory;

namespace Plover.Sandbox.Wasi;

// fd_readdir.
public sealed partial class WasiLibraryOs
{
    /// <summary>
    /// Fills the buffer with dirents from <paramref name="cookie"/> on: "." and ".." (cookies 0
    /// and 1, as in wasmtime), then the entries sorted by name. The last entry may be cut off;
    /// a result shorter than the buffer means the end was reached.
    /// </summary>
    public WasiErrno FdReaddir(IGuestMemory memory, int fd, uint buffer, uint bufferLength, ulong cookie, uint usedOut)
    {
        try
        {
            if (LookupDirectory(fd, WasiRights.FdReaddir, out DirectoryDescriptor directory) is var found and not WasiErrno.Success)
                return found;
            memory.CheckRange(buffer, bufferLength, 1);
            memory.CheckRange(usedOut, 1, 4);
            if (HostFileSystem.StatOpen(directory.Handle.Value, out HostStat self) is var statted and not WasiErrno.Success) return statted;
            if (HostDirectoryReader.List(directory.Handle.Value, out List<HostDirectoryEntry> listed) is var listing and not WasiErrno.Success)
                return listing;
            List<HostDirectoryEntry> entries = [new("."u8.ToArray(), self.Inode, WasiFiletype.Directory), new(".."u8.ToArray(), self.Inode, WasiFiletype.Directory), .. listed];
            byte[] output = SerializeDirents(entries, cookie, bufferLength);
            if (output.Length > 0) output.CopyTo(memory.Write(buffer, (uint)output.Length));
            memory.WriteUInt32(usedOut, (uint)output.Length);
            return WasiErrno.Success;
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    private static byte[] SerializeDirents(List<HostDirectoryEntry> entries, ulong cookie, uint bufferLength)
    {
        var output = new List<byte>();
        Span<byte> header = stackalloc byte[(int)WasiLayout.DirentSize];
        for (ulong index = cookie; index < (ulong)entries.Count && (uint)output.Count < bufferLength; index++)
        {
            HostDirectoryEntry entry = entries[(int)index];
            header.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(header[(int)WasiLayout.DirentNextOffset..], index + 1);
            BinaryPrimitives.WriteUInt64LittleEndian(header[(int)WasiLayout.DirentInodeOffset..], entry.Inode);
            BinaryPrimitives.WriteUInt32LittleEndian(header[(int)WasiLayout.DirentNameLengthOffset..], (uint)entry.Name.Length);
            header[(int)WasiLayout.DirentTypeOffset] = (byte)entry.Filetype;
            Append(output, header, bufferLength);
            Append(output, entry.Name, bufferLength);
        }
        return output.ToArray();
    }

    private static void Append(List<byte> output, ReadOnlySpan<byte> bytes, uint bufferLength)
    {
        int room = (int)Math.Min((uint)bytes.Length, bufferLength - (uint)output.Count);
        output.AddRange(bytes[..room]);
    }
}
