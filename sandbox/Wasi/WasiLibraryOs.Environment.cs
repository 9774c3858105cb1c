using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Memory;

namespace Plover.Sandbox.Wasi;

// args_get, args_sizes_get, environ_get, environ_sizes_get.
public sealed partial class WasiLibraryOs
{
    public WasiErrno ArgsSizesGet(IGuestMemory memory, uint countOut, uint bufferSizeOut) =>
        SizesGet(memory, _arguments, countOut, bufferSizeOut);

    public WasiErrno ArgsGet(IGuestMemory memory, uint pointersOut, uint bufferOut) =>
        StringsGet(memory, _arguments, pointersOut, bufferOut);

    public WasiErrno EnvironSizesGet(IGuestMemory memory, uint countOut, uint bufferSizeOut) =>
        SizesGet(memory, _environment, countOut, bufferSizeOut);

    public WasiErrno EnvironGet(IGuestMemory memory, uint pointersOut, uint bufferOut) =>
        StringsGet(memory, _environment, pointersOut, bufferOut);

    private static WasiErrno SizesGet(IGuestMemory memory, byte[][] strings, uint countOut, uint bufferSizeOut)
    {
        try
        {
            memory.CheckRange(countOut, 1, 4);
            memory.CheckRange(bufferSizeOut, 1, 4);
            memory.WriteUInt32(countOut, (uint)strings.Length);
            memory.WriteUInt32(bufferSizeOut, (uint)strings.Sum(s => s.Length));
            return WasiErrno.Success;
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    // The pointer array gets one i32 per string; the buffer gets the NUL-terminated strings back to back.
    private static WasiErrno StringsGet(IGuestMemory memory, byte[][] strings, uint pointersOut, uint bufferOut)
    {
        try
        {
            memory.CheckRange(pointersOut, (ulong)strings.Length, 4);
            memory.CheckRange(bufferOut, (ulong)strings.Sum(s => (long)s.Length), 1);
            uint cursor = bufferOut;
            for (int i = 0; i < strings.Length; i++)
            {
                memory.WriteUInt32(pointersOut + (uint)i * 4, cursor);
                if (strings[i].Length > 0) strings[i].CopyTo(memory.Write(cursor, (uint)strings[i].Length));
                cursor += (uint)strings[i].Length;
            }
            return WasiErrno.Success;
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }
}
