using System.Reflection;
using static Plover.Sandbox.Wasi.WasiValueType;

namespace Plover.Sandbox.Wasi;

/// <summary>
/// Every function of <c>wasi_snapshot_preview1</c> with its wasm type (checked against the
/// imports clang emits for wasi-libc's declarations), for the binder to register them all and to
/// refuse any other import by name.
/// </summary>
public static class WasiFunctionTable
{
    public const string ModuleName = "wasi_snapshot_preview1";

    private static readonly WasiValueType[] Errno = [I32];

    private static readonly Dictionary<string, WasiFunction> ByName;

    static WasiFunctionTable()
    {
        All =
        [
            Define("args_get", [I32, I32]),
            Define("args_sizes_get", [I32, I32]),
            Define("environ_get", [I32, I32]),
            Define("environ_sizes_get", [I32, I32]),
            Define("clock_res_get", [I32, I32]),
            Define("clock_time_get", [I32, I64, I32]),
            Define("fd_advise", [I32, I64, I64, I32]),
            Define("fd_allocate", [I32, I64, I64]),
            Define("fd_close", [I32]),
            Define("fd_datasync", [I32]),
            Define("fd_fdstat_get", [I32, I32]),
            Define("fd_fdstat_set_flags", [I32, I32]),
            Define("fd_fdstat_set_rights", [I32, I64, I64]),
            Define("fd_filestat_get", [I32, I32]),
            Define("fd_filestat_set_size", [I32, I64]),
            Define("fd_filestat_set_times", [I32, I64, I64, I32]),
            Define("fd_pread", [I32, I32, I32, I64, I32]),
            Define("fd_prestat_get", [I32, I32]),
            Define("fd_prestat_dir_name", [I32, I32, I32]),
            Define("fd_pwrite", [I32, I32, I32, I64, I32]),
            Define("fd_read", [I32, I32, I32, I32], canBlock: true),
            Define("fd_readdir", [I32, I32, I32, I64, I32]),
            Define("fd_renumber", [I32, I32]),
            Define("fd_seek", [I32, I64, I32, I32]),
            Define("fd_sync", [I32]),
            Define("fd_tell", [I32, I32]),
            Define("fd_write", [I32, I32, I32, I32]),
            Define("path_create_directory", [I32, I32, I32]),
            Define("path_filestat_get", [I32, I32, I32, I32, I32]),
            Define("path_filestat_set_times", [I32, I32, I32, I32, I64, I64, I32]),
            Define("path_link", [I32, I32, I32, I32, I32, I32, I32]),
            Define("path_open", [I32, I32, I32, I32, I32, I64, I64, I32, I32]),
            Define("path_readlink", [I32, I32, I32, I32, I32, I32]),
            Define("path_remove_directory", [I32, I32, I32]),
            Define("path_rename", [I32, I32, I32, I32, I32, I32]),
            Define("path_symlink", [I32, I32, I32, I32, I32]),
            Define("path_unlink_file", [I32, I32, I32]),
            Define("poll_oneoff", [I32, I32, I32, I32], canBlock: true),
            Define("proc_exit", [I32], results: []),
            Define("proc_raise", [I32]),
            Define("sched_yield", []),
            Define("random_get", [I32, I32]),
            Define("sock_accept", [I32, I32, I32], canBlock: true),
            Define("sock_recv", [I32, I32, I32, I32, I32, I32], canBlock: true),
            Define("sock_send", [I32, I32, I32, I32, I32]),
            Define("sock_shutdown", [I32, I32]),
        ];
        ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    /// <summary>All 46 functions, in the order of the preview1 witx.</summary>
    public static IReadOnlyList<WasiFunction> All { get; }

    /// <summary>The imports Asyncify must instrument, as <c>module.name</c> for <c>--pass-arg=asyncify-imports@...</c>.</summary>
    public static IReadOnlyList<string> BlockingImports => All.Where(f => f.CanBlock).Select(f => $"{ModuleName}.{f.Name}").ToList();

    public static bool TryGet(string name, out WasiFunction function) => ByName.TryGetValue(name, out function!);

    /// <summary>
    /// The function a guest import names, checked against the type the guest declares; a
    /// <see cref="WasiLinkException"/> naming the import otherwise.
    /// </summary>
    public static WasiFunction Resolve(string module, string name, IReadOnlyList<WasiValueType> parameters, IReadOnlyList<WasiValueType> results)
    {
        if (module != ModuleName)
            throw new WasiLinkException(module, name, $"the guest imports {module}.{name}, but Plover provides only {ModuleName} functions");
        if (!TryGet(name, out WasiFunction function))
            throw new WasiLinkException(module, name, $"the guest imports {module}.{name}, which is not a {ModuleName} function Plover provides");
        if (!parameters.SequenceEqual(function.Parameters) || !results.SequenceEqual(function.Results))
            throw new WasiLinkException(module, name,
                $"the guest imports {module}.{name} as {WasiFunction.FormatType(parameters, results)}, but its type is {function.TypeText}");
        return function;
    }

    private static WasiFunction Define(string name, WasiValueType[] parameters, WasiValueType[]? results = null, bool canBlock = false)
    {
        string methodName = string.Concat(name.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
        MethodInfo method = typeof(WasiLibraryOs).GetMethod(methodName, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvariantViolationException($"WasiLibraryOs has no method {methodName} for {name}");
        results ??= Errno;
        CheckMethodShape(name, method, parameters, results, canBlock);
        return new WasiFunction(name, parameters, results, canBlock, method);
    }

    // The table and the methods must agree, or binding would pass arguments to the wrong slots.
    private static void CheckMethodShape(string name, MethodInfo method, WasiValueType[] parameters, WasiValueType[] results, bool canBlock)
    {
        ParameterInfo[] declared = method.GetParameters();
        Invariant.Require(declared.Length == parameters.Length + 1 && declared[0].ParameterType == typeof(Memory.IGuestMemory),
            $"{method.Name} takes the guest memory and then {parameters.Length} wasm arguments");
        for (int i = 0; i < parameters.Length; i++)
        {
            Type type = declared[i + 1].ParameterType;
            WasiValueType expected = type == typeof(int) || type == typeof(uint) ? I32 : type == typeof(long) || type == typeof(ulong) ? I64
                : throw new InvariantViolationException($"{method.Name} parameter {declared[i + 1].Name} has type {type.Name}, not a wasm integer");
            Invariant.Require(expected == parameters[i], $"{name} parameter {i} is {parameters[i]} but {method.Name} takes {type.Name}");
        }
        Type returnType = results.Length == 0 ? typeof(void) : canBlock ? typeof(WasiCallResult) : typeof(Abi.WasiErrno);
        Invariant.Require(method.ReturnType == returnType, $"{method.Name} returns {returnType.Name}");
    }
}
