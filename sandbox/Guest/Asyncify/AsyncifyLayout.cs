using Plover.Sandbox.Decoding;

namespace Plover.Sandbox.Guest.Asyncify;

/// <summary>
/// The two globals Binaryen's Asyncify pass adds to a module: the state (0 normal, 1 unwinding,
/// 2 rewinding) and the pointer to the data buffer. They are not exported, so they are found from
/// the code of the exported control functions, whose whole shape is checked: the machine then
/// performs what those functions do (set the state and the data pointer) without calling into
/// the guest from inside a blocking import.
/// </summary>
internal sealed record AsyncifyLayout(int StateGlobal, int DataGlobal)
{
    public const int Normal = 0;
    public const int Unwinding = 1;
    public const int Rewinding = 2;

    private const string GetState = "asyncify_get_state";
    private const string StartUnwind = "asyncify_start_unwind";
    private const string StopUnwind = "asyncify_stop_unwind";
    private const string StartRewind = "asyncify_start_rewind";
    private const string StopRewind = "asyncify_stop_rewind";

    /// <summary>The exports Asyncify adds; a module with none of them was not prepared.</summary>
    public static IReadOnlyList<string> ExportNames { get; } = [StartUnwind, StopUnwind, StartRewind, StopRewind, GetState];

    /// <summary>
    /// The layout of a prepared module, or null when the module has none of Asyncify's exports.
    /// A module with some of them, or with bodies of another shape, is refused.
    /// </summary>
    public static AsyncifyLayout? Find(Module module)
    {
        ModuleDefinition definition = module.Definition;
        Dictionary<string, Export> exports = definition.Exports.Where(e => e.Kind == ExternalKind.Function).ToDictionary(e => e.Name, StringComparer.Ordinal);
        int present = ExportNames.Count(exports.ContainsKey);
        if (present == 0) return null;
        if (present != ExportNames.Count)
            throw Refuse($"it exports only {present} of Asyncify's {ExportNames.Count} functions ({string.Join(", ", ExportNames.Where(exports.ContainsKey))})");
        List<Instruction> getState = Body(definition, exports[GetState], GetState, [], [ValueKind.I32]);
        if (getState is not [{ Opcode: Opcode.GlobalGet } read, { Opcode: Opcode.End }])
            throw Refuse($"{GetState} does not just read a global");
        int state = (int)read.Index;
        int data = CheckStart(definition, exports[StartUnwind], StartUnwind, Unwinding, state);
        if (CheckStart(definition, exports[StartRewind], StartRewind, Rewinding, state) != data)
            throw Refuse($"{StartUnwind} and {StartRewind} set different data globals");
        CheckStop(definition, exports[StopUnwind], StopUnwind, state);
        CheckStop(definition, exports[StopRewind], StopRewind, state);
        CheckGlobal(definition, state, "state");
        CheckGlobal(definition, data, "data");
        if (state == data) throw Refuse("the state and data globals are the same global");
        return new AsyncifyLayout(state, data);
    }

    // start_*: state := value; data := parameter 0; then the overflow check, which the machine does itself.
    private static int CheckStart(ModuleDefinition definition, Export export, string name, int value, int state)
    {
        List<Instruction> code = Body(definition, export, name, [ValueKind.I32], []);
        if (code is not [{ Opcode: Opcode.I32Const } constant, { Opcode: Opcode.GlobalSet } setState,
                { Opcode: Opcode.LocalGet, Index: 0 }, { Opcode: Opcode.GlobalSet } setData, ..]
            || constant.Bits != value || setState.Index != state)
            throw Refuse($"{name} does not begin by setting the state global to {value} and the data global to its argument");
        return (int)setData.Index;
    }

    private static void CheckStop(ModuleDefinition definition, Export export, string name, int state)
    {
        List<Instruction> code = Body(definition, export, name, [], []);
        if (code is not [{ Opcode: Opcode.I32Const, Bits: Normal }, { Opcode: Opcode.GlobalSet } set, ..] || set.Index != state)
            throw Refuse($"{name} does not begin by setting the state global to {Normal}");
    }

    private static void CheckGlobal(ModuleDefinition definition, int index, string role)
    {
        if (index < definition.ImportedGlobalCount || index >= definition.GlobalSpace.Length)
            throw Refuse($"Asyncify's {role} global {index} is not a global the module defines");
        if (definition.GlobalSpace[index] is not { ValueKind: ValueKind.I32, Mutable: true })
            throw Refuse($"Asyncify's {role} global {index} is not a mutable i32");
    }

    private static List<Instruction> Body(ModuleDefinition definition, Export export, string name, ValueKind[] parameters, ValueKind[] results)
    {
        int defined = (int)export.Index - definition.ImportedFunctionCount;
        if (defined < 0) throw Refuse($"{name} is an imported function");
        FuncType type = definition.FunctionType((int)export.Index);
        if (!type.Parameters.AsSpan().SequenceEqual(parameters) || !type.Results.AsSpan().SequenceEqual(results))
            throw Refuse($"{name} has type {type}");
        FunctionBody body = definition.Bodies[defined];
        var reader = new WasmReader(definition.Bytes, body.CodeStart, body.CodeEnd);
        var code = new List<Instruction>();
        while (!reader.AtEnd)
        {
            InstructionDecoder.Read(reader, definition.DataIndicesDecodable, out Instruction instruction);
            code.Add(instruction);
        }
        return code;
    }

    private static GuestModuleException Refuse(string why) =>
        new($"the module's Asyncify exports are not what Binaryen's Asyncify pass (as run by plover prepare) produces: {why}");
}
