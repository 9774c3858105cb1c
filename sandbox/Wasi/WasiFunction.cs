using System.Linq.Expressions;
using System.Reflection;
using Plover.Sandbox.Wasi.Memory;

namespace Plover.Sandbox.Wasi;

/// <summary>
/// One <c>wasi_snapshot_preview1</c> function: its import name, its wasm type, whether it can
/// return <see cref="WasiCallResult.Blocked"/>, and the <see cref="WasiLibraryOs"/> method that
/// implements it. The method takes (<see cref="IGuestMemory"/>, then one C# parameter per wasm
/// parameter: int/uint for i32, long/ulong for i64) and returns a <c>WasiErrno</c> or a
/// <see cref="WasiCallResult"/> (<c>proc_exit</c> returns nothing: it throws).
/// </summary>
public sealed class WasiFunction
{
    // Compiled on first use: a binder that calls Method directly never pays for it.
    private readonly Lazy<Func<WasiLibraryOs, IGuestMemory, ulong[], WasiCallResult>> _invoke;

    internal WasiFunction(string name, WasiValueType[] parameters, WasiValueType[] results, bool canBlock, MethodInfo method)
    {
        Name = name;
        Parameters = parameters;
        Results = results;
        CanBlock = canBlock;
        Method = method;
        _invoke = new Lazy<Func<WasiLibraryOs, IGuestMemory, ulong[], WasiCallResult>>(() => CompileInvoker(method));
    }

    public string Name { get; }

    public IReadOnlyList<WasiValueType> Parameters { get; }

    public IReadOnlyList<WasiValueType> Results { get; }

    /// <summary>Whether the call can block, i.e. must be listed to Asyncify and may return Blocked.</summary>
    public bool CanBlock { get; }

    public MethodInfo Method { get; }

    /// <summary>"(i32, i64) -> i32", as wasm tools print types.</summary>
    public string TypeText => FormatType(Parameters, Results);

    /// <summary>
    /// Calls the function with wasm-level arguments, each given as its 64-bit pattern (an i32 in
    /// the low 32 bits). A generic path for simple binders and tests; an engine may call
    /// <see cref="Method"/> directly instead.
    /// </summary>
    public WasiCallResult Invoke(WasiLibraryOs os, IGuestMemory memory, params ulong[] arguments)
    {
        if (arguments.Length != Parameters.Count)
            throw new ArgumentException($"{Name} takes {Parameters.Count} arguments, got {arguments.Length}");
        return _invoke.Value(os, memory, arguments);
    }

    public static string FormatType(IReadOnlyList<WasiValueType> parameters, IReadOnlyList<WasiValueType> results) =>
        $"({string.Join(", ", parameters.Select(Text))}) -> {(results.Count == 0 ? "nil" : string.Join(", ", results.Select(Text)))}";

    private static string Text(WasiValueType type) => type == WasiValueType.I32 ? "i32" : "i64";

    private static Func<WasiLibraryOs, IGuestMemory, ulong[], WasiCallResult> CompileInvoker(MethodInfo method)
    {
        var os = Expression.Parameter(typeof(WasiLibraryOs), "os");
        var memory = Expression.Parameter(typeof(IGuestMemory), "memory");
        var arguments = Expression.Parameter(typeof(ulong[]), "arguments");
        ParameterInfo[] parameters = method.GetParameters();
        var values = new List<Expression> { memory };
        for (int i = 1; i < parameters.Length; i++)
        {
            Expression raw = Expression.ArrayIndex(arguments, Expression.Constant(i - 1));
            Type type = parameters[i].ParameterType;
            values.Add(type == typeof(int) ? Expression.Convert(Expression.Convert(raw, typeof(uint)), typeof(int)) : Expression.Convert(raw, type));
        }
        Expression call = Expression.Call(os, method, values);
        Expression result = method.ReturnType == typeof(void)
            ? Expression.Block(call, Expression.Constant((WasiCallResult)Abi.WasiErrno.Success))
            : Expression.Convert(call, typeof(WasiCallResult));
        return Expression.Lambda<Func<WasiLibraryOs, IGuestMemory, ulong[], WasiCallResult>>(result, os, memory, arguments).Compile();
    }
}
