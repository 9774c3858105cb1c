using System.Text;

namespace Plover.Sandbox.Tests.Guests;

/// <summary>
/// Just enough of wasm32-wasi's imports to run a program that prints to stdout and exits: writes
/// to fd 1 and 2 are captured, other descriptors do not exist, proc_exit ends the run. A test
/// stand-in, not a WASI implementation.
/// </summary>
internal sealed class StdoutOnlyHost
{
    private const string Wasi = "wasi_snapshot_preview1";
    private readonly StringBuilder output = new();

    public string Output => output.ToString();

    public sealed class Exit(int code) : Exception($"exit {code}")
    {
        public int Code { get; } = code;
    }

    public Linker Linker()
    {
        ValueKind i32 = ValueKind.I32, i64 = ValueKind.I64;
        return new Linker()
            .DefineFunction(Wasi, "fd_write", new FuncType([i32, i32, i32, i32], [i32]), FdWrite)
            .DefineFunction(Wasi, "fd_fdstat_get", new FuncType([i32, i32], [i32]), (caller, a, r) =>
            {
                Span<byte> fdstat = caller.Memory!.Write((uint)a[1].AsI32(), 24);
                fdstat.Clear();
                fdstat[0] = 2;  // character device
                r[0] = WasmValue.I32(a[0].AsI32() is 1 or 2 ? 0 : 8);
            })
            .DefineFunction(Wasi, "fd_seek", new FuncType([i32, i64, i32, i32], [i32]), (_, _, r) => r[0] = WasmValue.I32(70))
            .DefineFunction(Wasi, "fd_close", new FuncType([i32], [i32]), (_, _, r) => r[0] = WasmValue.I32(0))
            .DefineFunction(Wasi, "proc_exit", new FuncType([i32], []), (_, a, _) => throw new Exit(a[0].AsI32()));
    }

    private void FdWrite(Caller caller, ReadOnlySpan<WasmValue> a, Span<WasmValue> r)
    {
        Memory memory = caller.Memory!;
        int written = 0;
        for (int i = 0; i < a[2].AsI32(); i++)
        {
            uint vector = (uint)a[1].AsI32() + 8u * (uint)i;
            int length = memory.ReadInt32(vector + 4);
            output.Append(Encoding.UTF8.GetString(memory.Read((uint)memory.ReadInt32(vector), length)));
            written += length;
        }
        memory.WriteInt32((uint)a[3].AsI32(), written);
        r[0] = WasmValue.I32(a[0].AsI32() is 1 or 2 ? 0 : 8);
    }
}
