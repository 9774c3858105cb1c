using System.Numerics;
using System.Reflection;
using Plover.Sandbox.Execution;

namespace Plover.Sandbox.Compilation;

/// <summary>The fields and methods compiled code refers to, looked up once.</summary>
internal static class RuntimeMembers
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private const BindingFlags Static = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    public static readonly FieldInfo ContextMemory = Field<InstanceContext>(nameof(InstanceContext.Memory));
    public static readonly FieldInfo ContextGlobals = Field<InstanceContext>(nameof(InstanceContext.Globals));
    public static readonly FieldInfo ContextFunctions = Field<InstanceContext>(nameof(InstanceContext.Functions));
    public static readonly FieldInfo MemoryBase = Field<Memory>(nameof(Memory.Base));
    public static readonly FieldInfo MemoryLength = Field<Memory>(nameof(Memory.Length));
    public static readonly FieldInfo GlobalBits = Field<Global>(nameof(Global.Bits));
    public static readonly FieldInfo GlobalReference = Field<Global>(nameof(Global.Reference));
    public static readonly FieldInfo FunctionCode = Field<Function>(nameof(Function.Code));
    public static readonly FieldInfo FunctionContext = Field<Function>(nameof(Function.Context));

    public static readonly MethodInfo EnterFrame = Method(typeof(CallStackBudget), nameof(CallStackBudget.Enter));
    public static readonly MethodInfo ConsumeFuel = Method(typeof(FuelMeter), nameof(FuelMeter.Consume));
    public static readonly MethodInfo TrapUnreachable = Method(typeof(Traps), nameof(Traps.Unreachable));
    public static readonly MethodInfo ResolveIndirect = Method(typeof(TableInstructions), nameof(TableInstructions.ResolveIndirect));
    public static readonly MethodInfo HostCall = Method(typeof(HostCallBridge), nameof(HostCallBridge.Call));

    /// <summary>The <c>MemoryAccess.Store</c> overload for each stored type (int, long, float, double, byte, short).</summary>
    public static readonly IReadOnlyDictionary<Type, MethodInfo> StoreOf = new[] { typeof(int), typeof(long), typeof(float), typeof(double), typeof(byte), typeof(short) }
        .ToDictionary(t => t, t => Method(typeof(MemoryAccess), nameof(MemoryAccess.Store), typeof(int), t, typeof(long), typeof(byte*), typeof(long)));

    public static readonly MethodInfo Int32BitsToSingle = typeof(BitConverter).GetMethod(nameof(BitConverter.Int32BitsToSingle))!;
    public static readonly MethodInfo SingleToInt32Bits = typeof(BitConverter).GetMethod(nameof(BitConverter.SingleToInt32Bits))!;
    public static readonly MethodInfo Int64BitsToDouble = typeof(BitConverter).GetMethod(nameof(BitConverter.Int64BitsToDouble))!;
    public static readonly MethodInfo DoubleToInt64Bits = typeof(BitConverter).GetMethod(nameof(BitConverter.DoubleToInt64Bits))!;

    public static MethodInfo Method(Type type, string name) =>
        type.GetMethod(name, Static) ?? throw new MissingMethodException(type.Name, name);

    public static MethodInfo Method(Type type, string name, params Type[] parameters) =>
        type.GetMethod(name, Static, parameters) ?? throw new MissingMethodException(type.Name, name);

    public static MethodInfo BitOperation(string name, Type operand) => Method(typeof(BitOperations), name, operand);

    public static MethodInfo BitRotation(string name, Type operand) => Method(typeof(BitOperations), name, operand, typeof(int));

    private static FieldInfo Field<T>(string name) =>
        typeof(T).GetField(name, Instance) ?? throw new MissingFieldException(typeof(T).Name, name);
}
