using Plover.Sandbox.Decoding;

namespace Plover.Sandbox.Validation;

/// <summary>
/// Decodes every function body without typing it, to find decoding errors. Run only once a module
/// has proven invalid: decoding errors take precedence over validation errors.
/// </summary>
internal static class MalformedBodyScan
{
    public static void ThrowIfAnyMalformed(ModuleDefinition module)
    {
        foreach (FunctionBody body in module.Bodies) Scan(module, body);
    }

    private static void Scan(ModuleDefinition module, FunctionBody body)
    {
        var reader = new WasmReader(module.Bytes, body.CodeStart, body.CodeEnd) { EndMessage = "unexpected end of section or function" };
        int depth = 0;
        while (true)
        {
            try
            {
                InstructionDecoder.Read(reader, module.DataIndicesDecodable, out Instruction instruction);
                if (instruction.Opcode is Opcode.Block or Opcode.Loop or Opcode.If) depth++;
                else if (instruction.Opcode == Opcode.End && depth-- == 0) break;
            }
            catch (WasmModuleException e) when (e.Kind != ModuleErrorKind.Malformed)
            {
                // An invalid block type index or an unsupported (relaxed SIMD) opcode: not a decoding error, and the rest
                // of this body cannot be scanned reliably past it.
                return;
            }
        }
        if (!reader.AtEnd) throw WasmModuleException.Malformed(reader.Position, "section size mismatch (code after the function's final end)");
    }
}
