using System.Text;
using Plover.Sandbox;

namespace Plover.Bench.Cpu;

/// <summary>
/// The few host functions the CPU benchmark programs import (they were built for wasm32-wasi).
/// This is the benchmark's own stand-in, not a WASI implementation: stdout and stderr are captured,
/// other descriptors do not exist, and proc_exit ends the run.
/// </summary>
internal sealed class CpuBenchmarkHost
{
    private const string WasiModule = "wasi_snapshot_preview1";
    private const int ErrnoSuccess = 0;
    private const int ErrnoBadDescriptor = 8;
    private const int ErrnoSeekOnPipe = 70;
    private const byte FiletypeCharacterDevice = 2;
    private const int StdoutFd = 1;
    private const int StderrFd = 2;

    private readonly StringBuilder output = new();

    /// <summary>What the guest wrote to stdout and stderr.</summary>
    public string Output => output.ToString();

    /// <summary>Thrown by proc_exit to unwind the guest; carries the exit code.</summary>
    public sealed class GuestExit(int code) : Exception($"guest exited with {code}")
    {
        public int Code { get; } = code;
    }

    public void Define(Linker linker)
    {
        ValueKind i32 = ValueKind.I32, i64 = ValueKind.I64;
        linker.DefineFunction(WasiModule, "fd_write", new FuncType([i32, i32, i32, i32], [i32]), FdWrite);
        linker.DefineFunction(WasiModule, "fd_fdstat_get", new FuncType([i32, i32], [i32]), FdFdstatGet);
        linker.DefineFunction(WasiModule, "fd_seek", new FuncType([i32, i64, i32, i32], [i32]),
            (_, _, results) => results[0] = WasmValue.I32(ErrnoSeekOnPipe));
        linker.DefineFunction(WasiModule, "fd_close", new FuncType([i32], [i32]),
            (_, _, results) => results[0] = WasmValue.I32(ErrnoSuccess));
        linker.DefineFunction(WasiModule, "proc_exit", new FuncType([i32], []),
            (_, arguments, _) => throw new GuestExit(arguments[0].AsI32()));
    }

    private void FdWrite(Caller caller, ReadOnlySpan<WasmValue> arguments, Span<WasmValue> results)
    {
        int fd = arguments[0].AsI32();
        if (fd != StdoutFd && fd != StderrFd)
        {
            results[0] = WasmValue.I32(ErrnoBadDescriptor);
            return;
        }
        Memory memory = caller.Memory!;
        uint vectors = (uint)arguments[1].AsI32();
        int count = arguments[2].AsI32();
        int written = 0;
        for (int i = 0; i < count; i++)
        {
            uint pointer = (uint)memory.ReadInt32(vectors + 8u * (uint)i);
            int length = memory.ReadInt32(vectors + 8u * (uint)i + 4);
            output.Append(Encoding.UTF8.GetString(memory.Read(pointer, length)));
            written += length;
        }
        memory.WriteInt32((uint)arguments[3].AsI32(), written);
        results[0] = WasmValue.I32(ErrnoSuccess);
    }

    private static void FdFdstatGet(Caller caller, ReadOnlySpan<WasmValue> arguments, Span<WasmValue> results)
    {
        int fd = arguments[0].AsI32();
        if (fd is < 0 or > StderrFd)
        {
            results[0] = WasmValue.I32(ErrnoBadDescriptor);
            return;
        }
        // fdstat: filetype u8 @0, flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16.
        Span<byte> fdstat = caller.Memory!.Write((uint)arguments[1].AsI32(), 24);
        fdstat.Clear();
        fdstat[0] = FiletypeCharacterDevice;
        fdstat[8..16].Fill(0xFF);
        results[0] = WasmValue.I32(ErrnoSuccess);
    }
}
