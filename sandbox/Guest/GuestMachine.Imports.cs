using Plover.Sandbox.Guest.Asyncify;
using Plover.Sandbox.Wasi;

namespace Plover.Sandbox.Guest;

// Binding: every import of the module becomes a host function calling the library OS.
public sealed partial class GuestMachine
{
    private Linker BindImports(Module module)
    {
        var linker = new Linker();
        foreach (Import import in module.Imports)
        {
            WasiFunction function = GuestImports.Resolve(module, import);
            // One argument array per import and machine: a machine runs on one thread and a call
            // completes before the next begins, so no call allocates for its arguments.
            var arguments = new ulong[function.Parameters.Count];
            HostCallback callback = function.CanBlock
                ? (_, values, results) => CallBlocking(function, arguments, values, results)
                : (_, values, results) => Call(function, arguments, values, results);
            linker.DefineFunction(import.ModuleName, import.FieldName, new HostFunction(module.Definition.Types[(int)import.TypeIndex], callback));
        }
        return linker;
    }

    private void Call(WasiFunction function, ulong[] arguments, ReadOnlySpan<WasmValue> values, Span<WasmValue> results)
    {
        if (_asyncify is not null && AsyncifyState != AsyncifyLayout.Normal)
            throw Fault(GuestFaultKind.AsyncifyProtocol,
                $"{function.Name} was called while the guest was {(AsyncifyState == AsyncifyLayout.Unwinding ? "unwinding" : "rewinding")}; only the blocking imports take part in Asyncify");
        Load(arguments, values);
        WasiCallResult result = function.Invoke(_os, View(function), arguments);
        if (results.Length > 0) results[0] = WasmValue.I32(result.ToWasm());
    }

    private void CallBlocking(WasiFunction function, ulong[] arguments, ReadOnlySpan<WasmValue> values, Span<WasmValue> results)
    {
        if (_asyncify is not null)
        {
            int state = AsyncifyState;
            if (state == AsyncifyLayout.Rewinding) FinishRewind(function);
            else if (state != AsyncifyLayout.Normal)
                throw Fault(GuestFaultKind.AsyncifyProtocol, $"{function.Name} was called while the guest was unwinding");
        }
        Load(arguments, values);
        WasiCallResult result = function.Invoke(_os, View(function), arguments);
        while (result.WouldBlock)
        {
            if (_asyncify is not null)
            {
                StartUnwind(function);
                results[0] = WasmValue.I32(0);  // ignored: the guest is unwinding
                return;
            }
            WaitInThread(function);
            result = function.Invoke(_os, View(function), arguments);
        }
        results[0] = WasmValue.I32(result.ToWasm());
    }

    // The view exists once instantiation is over; only a module's own start function runs before.
    private LinearMemoryView View(WasiFunction function) => _view
        ?? throw new GuestModuleException($"the module's start function calls {function.Name}: a WASI command does its work in _start, after instantiation");

    private static void Load(ulong[] arguments, ReadOnlySpan<WasmValue> values)
    {
        // WASI arguments are i32 and i64; an i32's bits are zero-extended, as WasiFunction.Invoke expects.
        for (int i = 0; i < arguments.Length; i++) arguments[i] = values[i].Bits;
    }
}
