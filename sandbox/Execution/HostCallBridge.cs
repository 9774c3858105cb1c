namespace Plover.Sandbox.Execution;

/// <summary>
/// Runs a host function for compiled code: the generated trampoline packs the arguments, this
/// calls the host with its caller and the remaining call-stack budget recorded (for re-entry),
/// then checks the results the host wrote against the signature.
/// </summary>
internal static class HostCallBridge
{
    public static WasmValue[] Call(InstanceContext context, int importIndex, int budget, WasmValue[] arguments)
    {
        HostFunction host = context.HostFunctions[importIndex]
            ?? throw new InvalidOperationException($"function import {importIndex} is not a host function");
        ValueKind[] resultTypes = host.Type.Results;
        var results = new WasmValue[resultTypes.Length];
        for (int i = 0; i < results.Length; i++) results[i] = WasmValue.Default(resultTypes[i]);

        var saved = CallStackBudget.EnterHost(budget);
        try
        {
            host.Callback(new Caller(context.Instance), arguments, results);
        }
        finally
        {
            CallStackBudget.ExitHost(saved);
        }

        for (int i = 0; i < results.Length; i++)
        {
            if (!results[i].IsValidAs(resultTypes[i]))
                throw new InvalidOperationException($"host function for import {importIndex} returned {results[i]} as result {i}, declared {resultTypes[i].Name()}");
        }
        return results;
    }
}
