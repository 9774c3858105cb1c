using System.Text;
using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Runtime;

/// <summary>Host functions: their caller and its memory, traps, and re-entry into the calling instance.</summary>
public class HostFunctionTests
{
    private static readonly FuncType I32I32ToI32 = new([ValueKind.I32, ValueKind.I32], [ValueKind.I32]);

    [Fact]
    public void HostFunctionSeesItsCallerAndMemory()
    {
        const string wat = """
            (module
              (import "host" "greet" (func $greet (param i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "world")
              (func (export "run") (result i32) (call $greet (i32.const 16) (i32.const 5))))
            """;
        Instance? seen = null;
        var linker = new Linker().DefineFunction("host", "greet", I32I32ToI32, (caller, arguments, results) =>
        {
            seen = caller.Instance;
            Memory memory = caller.Memory!;
            string name = Encoding.ASCII.GetString(memory.Read((uint)arguments[0].AsI32(), arguments[1].AsI32()));
            byte[] reply = Encoding.ASCII.GetBytes($"hello {name}");
            memory.Write(100, reply);
            results[0] = WasmValue.I32(reply.Length);
        });
        Instance instance = Wat.Instantiate(wat, linker);
        Assert.Equal(11, instance.GetFunction("run").Invoke()[0].AsI32());
        Assert.Same(instance, seen);
        Assert.Equal("hello world", Encoding.ASCII.GetString(instance.GetMemory("memory").Read(100, 11)));
    }

    [Fact]
    public void HostFunctionMayCallBackIntoTheCallingInstance()
    {
        const string wat = """
            (module
              (import "host" "callback" (func $callback (param i32) (result i32)))
              (global $total (mut i32) (i32.const 0))
              (func (export "add") (param i32) (result i32)
                (global.set $total (i32.add (global.get $total) (local.get 0)))
                (global.get $total))
              (func (export "run") (param i32) (result i32)
                (drop (call $callback (local.get 0)))
                (i32.mul (global.get $total) (i32.const 10))))
            """;
        var linker = new Linker().DefineFunction("host", "callback", new FuncType([ValueKind.I32], [ValueKind.I32]), (caller, arguments, results) =>
        {
            // Re-entry: the instance is in the middle of "run", which called us.
            Function add = caller.Instance.GetFunction("add");
            add.Invoke(arguments[0]);
            results[0] = add.Invoke(WasmValue.I32(1))[0];
        });
        Instance instance = Wat.Instantiate(wat, linker);
        Assert.Equal(80, instance.GetFunction("run").Invoke(WasmValue.I32(7))[0].AsI32());
    }

    /// <summary>
    /// The shape of Binaryen Asyncify's protocol: the blocking import starts an unwind by calling
    /// an export from inside the import, the guest returns to the host early, and later the host
    /// calls the same export again with the state set to rewind; the import then runs a second time
    /// and returns the real result.
    /// </summary>
    [Fact]
    public void AsyncifyStyleUnwindAndRewindThroughReentrantCalls()
    {
        const string wat = """
            (module
              (import "env" "read" (func $read (result i32)))
              ;; 0 normal, 1 unwinding, 2 rewinding (as __asyncify_state); not exported.
              (global $state (mut i32) (i32.const 0))
              (global $saved (mut i32) (i32.const 0))
              (func (export "start_unwind") (global.set $state (i32.const 1)))
              (func (export "stop_unwind") (global.set $state (i32.const 0)))
              (func (export "start_rewind") (global.set $state (i32.const 2)))
              (func (export "stop_rewind") (global.set $state (i32.const 0)))
              (func (export "main") (result i32)
                (local $value i32)
                ;; Rewinding skips the work done before the call and restores the saved local.
                (if (i32.ne (global.get $state) (i32.const 2)) (then (global.set $saved (i32.const 100))))
                (local.set $value (call $read))
                (if (i32.eq (global.get $state) (i32.const 1)) (then (return (i32.const -1))))
                (i32.add (global.get $saved) (local.get $value))))
            """;
        int readCalls = 0;
        bool dataReady = false;
        var linker = new Linker().DefineFunction("env", "read", new FuncType([], [ValueKind.I32]), (caller, _, results) =>
        {
            readCalls++;
            Instance guest = caller.Instance;
            if (!dataReady)
            {
                guest.GetFunction("start_unwind").Invoke();
                results[0] = WasmValue.I32(0);  // ignored: the guest is unwinding
                return;
            }
            guest.GetFunction("stop_rewind").Invoke();
            results[0] = WasmValue.I32(23);
        });
        Instance instance = Wat.Instantiate(wat, linker);
        Function main = instance.GetFunction("main");

        Assert.Equal(-1, main.Invoke()[0].AsI32());       // unwound back to the host
        instance.GetFunction("stop_unwind").Invoke();
        Assert.Equal(0UL, instance.Globals[0].RawBits);    // all state is in globals (and memory)

        dataReady = true;
        instance.GetFunction("start_rewind").Invoke();
        Assert.Equal(123, main.Invoke()[0].AsI32());       // rewound: the import ran again and returned the data
        Assert.Equal(2, readCalls);
    }

    [Fact]
    public void TrapsThrownByTheHostReachTheCaller()
    {
        const string wat = """
            (module
              (import "host" "fail" (func $fail))
              (func (export "run") (result i32) (call $fail) (i32.const 1))
              (func (export "ok") (result i32) (i32.const 2)))
            """;
        var linker = new Linker().DefineFunction("host", "fail", new FuncType([], []),
            (_, _, _) => throw new WasmTrap(TrapCode.Unreachable, "host refused"));
        Instance instance = Wat.Instantiate(wat, linker);
        WasmTrap trap = Assert.Throws<WasmTrap>(() => instance.GetFunction("run").Invoke());
        Assert.Equal(TrapCode.Unreachable, trap.Code);
        Assert.Contains("host refused", trap.Message);
        Assert.Equal(2, instance.GetFunction("ok").Invoke()[0].AsI32());
    }

    [Fact]
    public void HostExceptionsPassThroughUnchanged()
    {
        var linker = new Linker().DefineFunction("host", "fail", new FuncType([], []), (_, _, _) => throw new TimeoutException("host timed out"));
        Instance instance = Wat.Instantiate("""(module (import "host" "fail" (func $fail)) (func (export "run") (call $fail)))""", linker);
        Assert.Equal("host timed out", Assert.Throws<TimeoutException>(() => instance.GetFunction("run").Invoke()).Message);
    }

    [Fact]
    public void HostResultsOfTheWrongTypeAreReported()
    {
        var linker = new Linker().DefineFunction("host", "value", new FuncType([], [ValueKind.I32]), (_, _, results) => results[0] = WasmValue.I64(1));
        Instance instance = Wat.Instantiate("""(module (import "host" "value" (func $v (result i32))) (func (export "run") (result i32) (call $v)))""", linker);
        var e = Assert.Throws<InvalidOperationException>(() => instance.GetFunction("run").Invoke());
        Assert.Contains("returned i64", e.Message);
    }

    [Fact]
    public void HostCannotPassOffAnObjectAsAFuncref()
    {
        var linker = new Linker().DefineFunction("host", "f", new FuncType([], [ValueKind.FuncRef]),
            (_, _, results) => results[0] = WasmValue.FromBits(ValueKind.FuncRef, 0, "not a function"));
        Instance instance = Wat.Instantiate("""(module (import "host" "f" (func $f (result funcref))) (func (export "run") (result funcref) (call $f)))""", linker);
        Assert.Throws<InvalidOperationException>(() => instance.GetFunction("run").Invoke());
        Assert.Throws<ArgumentException>(() => new Global(new GlobalType(ValueKind.FuncRef, true), WasmValue.FromBits(ValueKind.FuncRef, 0, 42)));
        var global = new Global(new GlobalType(ValueKind.FuncRef, true));
        Assert.Throws<ArgumentException>(() => global.Value = WasmValue.FromBits(ValueKind.FuncRef, 0, new object()));
    }

    [Fact]
    public void HostFunctionsWithManyParametersAndResults()
    {
        var type = new FuncType([ValueKind.I32, ValueKind.I64, ValueKind.F32, ValueKind.F64, ValueKind.ExternRef], [ValueKind.F64, ValueKind.I32, ValueKind.ExternRef]);
        var linker = new Linker().DefineFunction("host", "mix", type, (_, a, results) =>
        {
            results[0] = WasmValue.F64(a[0].AsI32() + a[1].AsI64() + a[2].AsF32() + a[3].AsF64());
            results[1] = WasmValue.I32(a[4].Reference is null ? 0 : 1);
            results[2] = a[4];
        });
        const string wat = """
            (module
              (import "host" "mix" (func $mix (param i32 i64 f32 f64 externref) (result f64 i32 externref)))
              (func (export "run") (param externref) (result f64 i32 externref)
                (call $mix (i32.const 1) (i64.const 2) (f32.const 0.5) (f64.const 0.25) (local.get 0))))
            """;
        Instance instance = Wat.Instantiate(wat, linker);
        var token = new object();
        WasmValue[] results = instance.GetFunction("run").Invoke(WasmValue.ExternRef(token));
        Assert.Equal(3.75, results[0].AsF64());
        Assert.Equal(1, results[1].AsI32());
        Assert.Same(token, results[2].Reference);
    }
}
