namespace Plover.Sandbox.Decoding;

/// <summary>Decodes the eight encodings of an element segment (flags 0..7 of the bulk-memory and reference-types proposals).</summary>
internal static class ElementSegmentDecoder
{
    private const byte FunctionElementKind = 0x00;

    public static ElementSegment Read(WasmReader r, ModuleDefinition m)
    {
        int at = r.Position;
        uint flags = r.ReadU32();
        if (flags > 7) throw WasmModuleException.Malformed(at, "malformed elements segment kind");
        bool passiveOrDeclarative = (flags & 1) != 0;
        bool explicitTable = (flags & 2) != 0;
        bool usesExpressions = (flags & 4) != 0;

        SegmentMode mode = !passiveOrDeclarative ? SegmentMode.Active : explicitTable ? SegmentMode.Declarative : SegmentMode.Passive;
        uint table = mode == SegmentMode.Active && explicitTable ? r.ReadU32() : 0;
        ConstantExpression offset = mode == SegmentMode.Active ? ModuleDecoder.ReadConstantExpression(r, m) : default;

        // Flags 0 and 4 have an implicit funcref type; the others spell out an element kind or a reference type.
        ValueKind elementType = ValueKind.FuncRef;
        if (flags is not 0 and not 4)
        {
            if (usesExpressions) elementType = r.ReadReferenceType();
            else ReadElementKind(r);
        }

        if (usesExpressions)
        {
            var expressions = new ConstantExpression[r.ReadCount()];
            for (int i = 0; i < expressions.Length; i++) expressions[i] = ModuleDecoder.ReadConstantExpression(r, m);
            return new ElementSegment(mode, elementType, table, offset) { Expressions = expressions, Position = at };
        }
        var functions = new uint[r.ReadCount()];
        for (int i = 0; i < functions.Length; i++) functions[i] = r.ReadU32();
        return new ElementSegment(mode, elementType, table, offset) { FunctionIndices = functions, Position = at };
    }

    private static void ReadElementKind(WasmReader r)
    {
        int at = r.Position;
        if (r.ReadByte() != FunctionElementKind) throw WasmModuleException.Malformed(at, "malformed element kind");
    }
}
