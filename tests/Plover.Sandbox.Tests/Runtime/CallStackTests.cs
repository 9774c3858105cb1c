using System.Text;
using Xunit.Abstractions;
using Plover.Sandbox.Compilation;
using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Runtime;

/// <summary>
/// The deterministic call-stack budget: deep recursion traps with CallStackExhausted instead of
/// overflowing the .NET stack, on any thread, and the budget charged per frame is at least what a
/// frame really takes.
/// </summary>
public class CallStackTests(ITestOutputHelper output)
{
    /// <summary>
    /// A recursive function with <paramref name="locals"/> i64 locals, all live across the recursive
    /// call and summed one by one afterwards (a shallow operand stack: the frame is mostly locals).
    /// </summary>
    private static string Recursive(int locals)
    {
        var wat = new StringBuilder();
        wat.Append("(module (import \"host\" \"probe\" (func $probe (param i32)))");
        wat.Append("(func $down (export \"down\") (param $n i32) (result i64) (local $sum i64)");
        for (int i = 0; i < locals; i++) wat.Append($" (local $l{i} i64)");
        for (int i = 0; i < locals; i++) wat.Append($" (local.set $l{i} (i64.extend_i32_u (i32.add (local.get $n) (i32.const {i}))))");
        wat.Append(" (call $probe (local.get $n))");
        wat.Append(" (if (i32.eqz (local.get $n)) (then (return (i64.const 0))))");
        wat.Append(" (local.set $sum (call $down (i32.sub (local.get $n) (i32.const 1))))");
        for (int i = 0; i < locals; i++) wat.Append($" (local.set $sum (i64.add (local.get $sum) (local.get $l{i})))");
        wat.Append(" (local.get $sum))");
        wat.Append(')');
        return wat.ToString();
    }

    private static unsafe nint StackPointer()
    {
        int marker = 0;
        return (nint)(&marker);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(600)]
    [InlineData(2500)]
    [InlineData(20000)]
    public void RealFramesFitTheirEstimate(int locals)
    {
        const int depth = 40;
        var pointers = new Dictionary<int, nint>();
        var linker = new Linker().DefineFunction("host", "probe", new FuncType([ValueKind.I32], []),
            (_, arguments, _) => pointers[arguments[0].AsI32()] = StackPointer());
        Instance instance = Wat.Instantiate(Recursive(locals), linker, new InstanceOptions { CallStackBytes = 64 * 1024 * 1024 });
        RunOnLargeStack(() => instance.GetFunction("down").Invoke(WasmValue.I32(depth)));
        // "down" probes before recursing, so n = depth is the outermost frame and n = 0 the innermost.
        double realBytesPerFrame = (pointers[depth] - pointers[0]) / (double)depth;
        int estimated = FrameEstimate(instance, locals);
        output.WriteLine($"{locals} locals: {realBytesPerFrame:F0} bytes per frame, estimate {estimated}");
        Assert.True(realBytesPerFrame > 0, "stack grows down");
        Assert.True(estimated >= realBytesPerFrame, $"{locals} locals: frame takes {realBytesPerFrame:F0} bytes, estimate {estimated}");
    }

    private const string Runaway = """
        (module
          (global $depth (export "depth") (mut i32) (i32.const 0))
          (func $forever (export "forever") (param i32) (result i32)
            (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
            (i32.add (call $forever (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
          (func $count (export "count") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0))
              (then (i32.const 0))
              (else (i32.add (call $count (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(3000)]
    public async Task RunawayRecursionTrapsOnAThreadPoolThread(int locals)
    {
        // Thread-pool threads have the smallest stacks (1.5 MiB): the default budget must fit.
        Instance small = Wat.Instantiate(Runaway);
        Instance large = Wat.Instantiate(Recursive(locals).Replace("(call $probe (local.get $n))", "").Replace("(if (i32.eqz (local.get $n)) (then (return (i64.const 0))))", ""),
            new Linker().DefineFunction("host", "probe", new FuncType([ValueKind.I32], []), (_, _, _) => { }));
        WasmTrap first = await Task.Run(() => Assert.Throws<WasmTrap>(() => small.GetFunction("forever").Invoke(WasmValue.I32(0))));
        WasmTrap second = await Task.Run(() => Assert.Throws<WasmTrap>(() => large.GetFunction("down").Invoke(WasmValue.I32(1_000_000))));
        Assert.Equal(TrapCode.CallStackExhausted, first.Code);
        Assert.Equal(TrapCode.CallStackExhausted, second.Code);
        Assert.Equal(0, first.FunctionIndex);
        // The instance is intact afterwards.
        Assert.Equal(100, small.GetFunction("count").Invoke(WasmValue.I32(100))[0].AsI32());
    }

    [Fact]
    public void TheLimitIsDeterministicAndConfigurable()
    {
        Module module = Wat.Compile(Runaway);
        int DepthReached(int budget)
        {
            Instance instance = new Linker().Instantiate(module, new InstanceOptions { CallStackBytes = budget });
            Assert.Equal(TrapCode.CallStackExhausted, Assert.Throws<WasmTrap>(() => instance.GetFunction("forever").Invoke(WasmValue.I32(0))).Code);
            return instance.GetGlobal("depth").Value.AsI32();
        }
        int defaultDepth = DepthReached(InstanceOptions.CallStackBytesDefault);
        Assert.Equal(defaultDepth, DepthReached(InstanceOptions.CallStackBytesDefault));
        Assert.True(defaultDepth > 3000, $"default budget allows only {defaultDepth} calls");
        Assert.Equal(defaultDepth / 4, DepthReached(InstanceOptions.CallStackBytesDefault / 4), tolerance: 1);

        Instance instance = new Linker().Instantiate(module);
        Assert.Equal(1000, instance.GetFunction("count").Invoke(WasmValue.I32(1000))[0].AsI32());
        instance.CallStackBytes = 10 * 1024;
        Assert.Equal(TrapCode.CallStackExhausted, Assert.Throws<WasmTrap>(() => instance.GetFunction("count").Invoke(WasmValue.I32(1000))).Code);
    }

    [Fact]
    public async Task RecursionThroughTheHostIsCountedToo()
    {
        const string wat = """
            (module
              (import "host" "again" (func $again (param i32) (result i32)))
              (func (export "enter") (param i32) (result i32) (call $again (i32.add (local.get 0) (i32.const 1)))))
            """;
        int deepest = 0;
        var linker = new Linker();
        linker.DefineFunction("host", "again", new FuncType([ValueKind.I32], [ValueKind.I32]), (caller, arguments, results) =>
        {
            deepest = Math.Max(deepest, arguments[0].AsI32());
            results[0] = caller.Instance.GetFunction("enter").Invoke(arguments[0])[0];
        });
        Instance instance = Wat.Instantiate(wat, linker);
        WasmTrap trap = await Task.Run(() => Assert.Throws<WasmTrap>(() => instance.GetFunction("enter").Invoke(WasmValue.I32(0))));
        Assert.Equal(TrapCode.CallStackExhausted, trap.Code);
        Assert.InRange(deepest, 2, InstanceOptions.CallStackBytesDefault / 16384 + 1);
    }

    private static int FrameEstimate(Instance instance, int locals)
    {
        // The estimate the compiler charges for "down": its parameters, locals and operand slots.
        Function down = instance.GetFunction("down");
        var facts = instance.Module.Facts[down.Index - 1];
        return FunctionCompiler.FrameBaseBytes + FunctionCompiler.FrameSlotBytes *
            (1 + 1 + locals + 2 * facts.MaxOperandHeight + facts.GlobalsUsed.Length + 4);
    }

    private static void RunOnLargeStack(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { action(); }
            catch (Exception e) { failure = e; }
        }, 256 * 1024 * 1024);
        thread.Start();
        thread.Join();
        if (failure is not null) throw failure;
    }
}
