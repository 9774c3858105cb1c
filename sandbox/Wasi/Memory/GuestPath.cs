using System.Text;
using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.HostFiles;

namespace Plover.Sandbox.Wasi.Memory;

/// <summary>Reads a path argument (a pointer and a byte length, no terminator) from guest memory.</summary>
internal static class GuestPath
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>EFAULT (by exception) outside memory, ENAMETOOLONG past the bound, EILSEQ for bad UTF-8 (as wasmtime), EINVAL for a NUL.</summary>
    public static WasiErrno Read(IGuestMemory memory, uint address, uint length, out string path)
    {
        path = "";
        memory.CheckRange(address, length, 1);
        if (length > SandboxPathResolver.PathBytesMax) return WasiErrno.Nametoolong;
        ReadOnlySpan<byte> bytes = memory.Read(address, length);
        if (bytes.Contains((byte)0)) return WasiErrno.Inval;
        try
        {
            path = StrictUtf8.GetString(bytes);
            return WasiErrno.Success;
        }
        catch (DecoderFallbackException)
        {
            return WasiErrno.Ilseq;
        }
    }
}
