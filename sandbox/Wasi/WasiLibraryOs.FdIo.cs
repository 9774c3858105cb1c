using System.Buffers;
using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Descriptors;
using Plover.Sandbox.Wasi.HostFiles;
using Plover.Sandbox.Wasi.Memory;

namespace Plover.Sandbox.Wasi;

// fd_read, fd_write, fd_pread, fd_pwrite, fd_seek, fd_tell.
public sealed partial class WasiLibraryOs
{
    /// <summary>The most bytes one read or write moves; more is a short read or write, which POSIX allows.</summary>
    public const int IoBytesPerCallMax = 1 << 20;

    /// <summary>Blocks (<see cref="WasiCallResult.Blocked"/>) only on a blocking connection with nothing to read.</summary>
    public WasiCallResult FdRead(IGuestMemory memory, int fd, uint iovs, uint iovsLength, uint readOut)
    {
        if (iovsLength > IoVectorList.VectorsMax) return Complete(WasiErrno.Inval);
        try
        {
            if (Lookup(fd, WasiRights.FdRead, out Descriptor descriptor) is var found and not WasiErrno.Success) return Complete(found);
            Span<IoVector> vectors = iovsLength <= IoVectorList.StackVectorsMax ? stackalloc IoVector[(int)iovsLength] : new IoVector[iovsLength];
            IoVectorList.Parse(memory, iovs, iovsLength, vectors, out ulong capacity);
            memory.CheckRange(readOut, 1, 4);
            int read = 0;
            WasiCallResult result = descriptor switch
            {
                ConnectionDescriptor connection => Receive(memory, connection, vectors, capacity, WasiRiFlags.None, out read),
                StdioDescriptor stdio => Complete(ReadStream(stdio.Stream, memory, vectors, capacity, out read)),
                FileDescriptor file => Complete(ReadHost(file, memory, vectors, capacity, offset: null, out read)),
                ListenerDescriptor => Complete(WasiErrno.Notconn),
                _ => Complete(WasiErrno.Isdir),
            };
            if (result.WouldBlock) return BlockOnRead("fd_read", [(ulong)fd, iovs, iovsLength, readOut], fd);
            if (result.Errno == WasiErrno.Success) memory.WriteUInt32(readOut, (uint)read);
            return result;
        }
        catch (GuestMemoryFaultException)
        {
            return Complete(WasiErrno.Fault);
        }
    }

    public WasiErrno FdWrite(IGuestMemory memory, int fd, uint iovs, uint iovsLength, uint writtenOut)
    {
        if (iovsLength > IoVectorList.VectorsMax) return WasiErrno.Inval;
        try
        {
            if (Lookup(fd, WasiRights.FdWrite, out Descriptor descriptor) is var found and not WasiErrno.Success) return found;
            Span<IoVector> vectors = iovsLength <= IoVectorList.StackVectorsMax ? stackalloc IoVector[(int)iovsLength] : new IoVector[iovsLength];
            IoVectorList.Parse(memory, iovs, iovsLength, vectors, out _);
            memory.CheckRange(writtenOut, 1, 4);
            int written = 0;
            WasiErrno result = descriptor switch
            {
                ConnectionDescriptor connection => SendVectors(connection, memory, vectors, out written),
                StdioDescriptor stdio => WriteStream(stdio.Stream, memory, vectors, out written),
                FileDescriptor file => WriteHost(file, memory, vectors, offset: null, out written),
                _ => WasiErrno.Badf,
            };
            if (result == WasiErrno.Success) memory.WriteUInt32(writtenOut, (uint)written);
            return result;
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    public WasiErrno FdPread(IGuestMemory memory, int fd, uint iovs, uint iovsLength, ulong offset, uint readOut)
    {
        if (iovsLength > IoVectorList.VectorsMax) return WasiErrno.Inval;
        try
        {
            if (LookupSeekable(fd, WasiRights.FdRead | WasiRights.FdSeek, out FileDescriptor file) is var found and not WasiErrno.Success)
                return found;
            if (offset > long.MaxValue) return WasiErrno.Inval;
            Span<IoVector> vectors = iovsLength <= IoVectorList.StackVectorsMax ? stackalloc IoVector[(int)iovsLength] : new IoVector[iovsLength];
            IoVectorList.Parse(memory, iovs, iovsLength, vectors, out ulong capacity);
            memory.CheckRange(readOut, 1, 4);
            WasiErrno result = ReadHost(file, memory, vectors, capacity, (long)offset, out int read);
            if (result == WasiErrno.Success) memory.WriteUInt32(readOut, (uint)read);
            return result;
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    public WasiErrno FdPwrite(IGuestMemory memory, int fd, uint iovs, uint iovsLength, ulong offset, uint writtenOut)
    {
        if (iovsLength > IoVectorList.VectorsMax) return WasiErrno.Inval;
        try
        {
            if (LookupSeekable(fd, WasiRights.FdWrite | WasiRights.FdSeek, out FileDescriptor file) is var found and not WasiErrno.Success)
                return found;
            if (offset > long.MaxValue) return WasiErrno.Inval;
            Span<IoVector> vectors = iovsLength <= IoVectorList.StackVectorsMax ? stackalloc IoVector[(int)iovsLength] : new IoVector[iovsLength];
            IoVectorList.Parse(memory, iovs, iovsLength, vectors, out _);
            memory.CheckRange(writtenOut, 1, 4);
            WasiErrno result = WriteHost(file, memory, vectors, (long)offset, out int written);
            if (result == WasiErrno.Success) memory.WriteUInt32(writtenOut, (uint)written);
            return result;
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    /// <summary>Seeking by zero from the current position needs only FD_TELL, as the rights define.</summary>
    public WasiErrno FdSeek(IGuestMemory memory, int fd, long delta, uint whence, uint offsetOut)
    {
        if (whence > (uint)WasiWhence.End) return WasiErrno.Inval;
        WasiRights right = whence == (uint)WasiWhence.Cur && delta == 0 ? WasiRights.FdTell : WasiRights.FdSeek;
        try
        {
            if (LookupSeekable(fd, right, out FileDescriptor file) is var found and not WasiErrno.Success) return found;
            memory.CheckRange(offsetOut, 1, 8);
            int linuxWhence = (WasiWhence)whence switch
            {
                WasiWhence.Set => LinuxConstants.SeekSet,
                WasiWhence.Cur => LinuxConstants.SeekCurrent,
                _ => LinuxConstants.SeekEnd,
            };
            if (HostFileSystem.Seek(file.Handle.Value, delta, linuxWhence, out ulong position) is var sought and not WasiErrno.Success)
                return sought;
            memory.WriteUInt64(offsetOut, position);
            return WasiErrno.Success;
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    public WasiErrno FdTell(IGuestMemory memory, int fd, uint offsetOut) =>
        FdSeek(memory, fd, 0, (uint)WasiWhence.Cur, offsetOut);

    private static WasiErrno ReadStream(Stream? stream, IGuestMemory memory, ReadOnlySpan<IoVector> vectors, ulong capacity, out int read)
    {
        read = 0;
        int wanted = (int)Math.Min(capacity, (ulong)IoBytesPerCallMax);
        if (stream is null || wanted == 0) return WasiErrno.Success;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(wanted);
        try
        {
            int got = stream.Read(buffer, 0, wanted);
            read = IoVectorList.Scatter(memory, vectors, buffer.AsSpan(0, got));
            return WasiErrno.Success;
        }
        catch (IOException)
        {
            return WasiErrno.Io;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static WasiErrno WriteStream(Stream? stream, IGuestMemory memory, ReadOnlySpan<IoVector> vectors, out int written)
    {
        written = 0;
        try
        {
            foreach (IoVector vector in vectors)
            {
                int chunk = (int)Math.Min(vector.Length, (uint)(IoBytesPerCallMax - written));
                if (chunk == 0) continue;
                stream?.Write(memory.Read(vector.Address, (uint)chunk));
                written += chunk;
            }
            stream?.Flush();
            return WasiErrno.Success;
        }
        catch (IOException)
        {
            return written > 0 ? WasiErrno.Success : WasiErrno.Io;
        }
    }

    // Host files go through a pooled buffer so that only the bytes actually read reach guest
    // memory (and its dirty bitmap), and a gathered write is one write(2).
    private static WasiErrno ReadHost(FileDescriptor file, IGuestMemory memory, ReadOnlySpan<IoVector> vectors, ulong capacity, long? offset, out int read)
    {
        read = 0;
        int wanted = (int)Math.Min(capacity, (ulong)IoBytesPerCallMax);
        if (wanted == 0) return WasiErrno.Success;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(wanted);
        try
        {
            Span<byte> span = buffer.AsSpan(0, wanted);
            WasiErrno result = offset is long at
                ? HostFileSystem.ReadAt(file.Handle.Value, span, at, out int got)
                : HostFileSystem.Read(file.Handle.Value, span, out got);
            if (result == WasiErrno.Success) read = IoVectorList.Scatter(memory, vectors, span[..got]);
            return result;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static WasiErrno WriteHost(FileDescriptor file, IGuestMemory memory, ReadOnlySpan<IoVector> vectors, long? offset, out int written)
    {
        written = 0;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(IoBytesPerCallMax);
        try
        {
            int gathered = 0;
            foreach (IoVector vector in vectors)
            {
                int chunk = (int)Math.Min(vector.Length, (uint)(IoBytesPerCallMax - gathered));
                memory.Read(vector.Address, (uint)chunk).CopyTo(buffer.AsSpan(gathered));
                gathered += chunk;
            }
            ReadOnlySpan<byte> span = buffer.AsSpan(0, gathered);
            return offset is long at
                ? HostFileSystem.WriteAt(file.Handle.Value, span, at, out written)
                : HostFileSystem.Write(file.Handle.Value, span, out written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
