using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Decoding;

public class ModuleDecoderTests
{
    private static WasmModuleException Refused(byte[] bytes) => Assert.Throws<WasmModuleException>(() => Module.Compile(bytes));

    [Fact]
    public void EmptyModuleCompiles()
    {
        Module module = Module.Compile(Bytes.Header);
        Assert.Empty(module.Imports);
        Assert.Empty(module.Exports);
    }

    [Fact]
    public void WrongMagicIsMalformedAtOffsetZero()
    {
        WasmModuleException e = Refused([0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00]);
        Assert.Equal(ModuleErrorKind.Malformed, e.Kind);
        Assert.Equal(0, e.Offset);
        Assert.Contains("magic header not detected", e.Message);
    }

    [Fact]
    public void WrongVersionIsMalformed()
    {
        WasmModuleException e = Refused([0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00]);
        Assert.Equal(ModuleErrorKind.Malformed, e.Kind);
        Assert.Contains("unknown binary version", e.Reason);
    }

    [Fact]
    public void CustomSectionsAnywhereAreSkipped()
    {
        byte[] custom = [.. Bytes.Name("note"u8.ToArray()), 0xDE, 0xAD, 0xBE, 0xEF];
        byte[] type = [0x01, 0x60, 0x00, 0x00];
        Module module = Module.Compile(Bytes.Module((0, custom), (1, type), (0, custom)));
        Assert.Empty(module.Exports);
    }

    [Fact]
    public void SectionsOutOfOrderAreMalformedAtTheSecondSection()
    {
        byte[] type = [0x01, 0x60, 0x00, 0x00];
        byte[] function = [0x01, 0x00];
        byte[] bytes = Bytes.Module((3, function), (1, type));
        WasmModuleException e = Refused(bytes);
        Assert.Equal(ModuleErrorKind.Malformed, e.Kind);
        Assert.Equal(Bytes.Header.Length + 2 + function.Length, e.Offset);
    }

    [Fact]
    public void SectionLongerThanItsContentIsASizeMismatch()
    {
        // A type section declaring 5 bytes whose vector of one type ends after 4.
        byte[] bytes = [.. Bytes.Header, 0x01, 0x05, 0x01, 0x60, 0x00, 0x00, 0x00];
        WasmModuleException e = Refused(bytes);
        Assert.Contains("section size mismatch", e.Reason);
        Assert.Equal(Bytes.Header.Length + 2 + 4, e.Offset);
    }

    [Fact]
    public void TruncatedModuleIsMalformedOrAShorterValidModule()
    {
        byte[] full = Wat.ToWasm("(module (func (export \"f\") (result i32) i32.const 7))");
        // A cut at a section boundary can leave a valid module; any other cut is malformed, never another failure.
        for (int length = Bytes.Header.Length + 1; length < full.Length; length++)
        {
            try
            {
                Module.Compile(full[..length]);
            }
            catch (WasmModuleException e)
            {
                Assert.Equal(ModuleErrorKind.Malformed, e.Kind);
            }
        }
        // The code section comes last and is longer than six bytes: cutting inside it is always malformed.
        for (int length = full.Length - 6; length < full.Length; length++)
            Assert.Equal(ModuleErrorKind.Malformed, Refused(full[..length]).Kind);
    }

    [Fact]
    public void InvalidUtf8ExportNameIsMalformed()
    {
        byte[] export = [0x01, .. Bytes.Name(0xFF), 0x00, 0x00];
        byte[] bytes = Bytes.Module((1, [0x01, 0x60, 0x00, 0x00]), (3, [0x01, 0x00]), (7, export), (10, [0x01, 0x02, 0x00, 0x0B]));
        Assert.Contains("malformed UTF-8", Refused(bytes).Reason);
    }

    [Fact]
    public void V128TypesDecode()
    {
        byte[] simdType = [0x01, 0x60, 0x00, 0x01, 0x7B];  // a function returning v128
        Module.Compile(Bytes.Module((1, simdType)));
    }

    [Fact]
    public void RelaxedSimdInstructionsAreRefusedClearly()
    {
        // (func) whose body is i8x16.relaxed_swizzle (0xFD 0x100, LEB128 0x80 0x02).
        byte[] bytes = Bytes.Module((1, [0x01, 0x60, 0x00, 0x00]), (3, [0x01, 0x00]), (10, [0x01, 0x05, 0x00, 0xFD, 0x80, 0x02, 0x0B]));
        WasmModuleException e = Refused(bytes);
        Assert.Equal(ModuleErrorKind.Unsupported, e.Kind);
        Assert.Contains("relaxed SIMD", e.Reason);
    }

    [Fact]
    public void PaddedLebsFromTheLinkerDecode()
    {
        // A call with a 5-byte padded function index, as wasm-ld writes at -O0.
        byte[] body = [0x00, 0x10, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0B];
        byte[] bytes = Bytes.Module((1, [0x01, 0x60, 0x00, 0x00]), (3, [0x01, 0x00]), (10, [0x01, (byte)body.Length, .. body]));
        Module.Compile(bytes);
    }

    [Fact]
    public void ModulesWithMoreFunctionsThanOneClrTypeHoldsCompile()
    {
        // 70,000 functions "i32.const k; return" (the CLR refuses a type of 65,536 methods or more),
        // the last one exported.
        const int count = 70_000;
        var functions = new List<byte>(Bytes.Leb(count));
        var code = new List<byte>(Bytes.Leb(count));
        for (int k = 0; k < count; k++)
        {
            functions.Add(0x00);
            byte[] body = [0x00, 0x41, .. SignedLeb(k), 0x0B];
            code.AddRange(Bytes.Leb(body.Length));
            code.AddRange(body);
        }
        byte[] export = [0x01, .. Bytes.Name("last"u8.ToArray()), 0x00, .. Bytes.Leb(count - 1)];
        Module module = Module.Compile(Bytes.Module((1, [0x01, 0x60, 0x00, 0x01, 0x7F]), (3, [.. functions]), (7, export), (10, [.. code])));
        Instance instance = new Linker().Instantiate(module);
        Assert.Equal(count - 1, instance.GetFunction("last").Invoke()[0].AsI32());
        Assert.Equal(12345, instance.GetFunction(12345).Invoke()[0].AsI32());
    }

    [Fact]
    public void FunctionsNeedingTooManyIlLocalsAreRefused()
    {
        // 50,000 locals, then 16,000 operands spilled into temporaries at a block entry.
        var body = new List<byte> { 0x01 };
        body.AddRange(Bytes.Leb(50_000));
        body.Add(0x7F);
        for (int i = 0; i < 16_000; i++) body.AddRange([0x41, 0x00]);
        body.AddRange([0x02, 0x40, 0x0B]);
        for (int i = 0; i < 16_000; i++) body.Add(0x1A);
        body.Add(0x0B);
        byte[] code = [0x01, .. Bytes.Leb(body.Count), .. body];
        WasmModuleException e = Refused(Bytes.Module((1, [0x01, 0x60, 0x00, 0x00]), (3, [0x01, 0x00]), (10, code)));
        Assert.Equal(ModuleErrorKind.Unsupported, e.Kind);
        Assert.Contains("IL locals", e.Reason);
    }

    [Fact]
    public void OperandStacksDeeperThanIlAllowsAreRefused()
    {
        // 70,000 constants, then 69,999 adds: valid wasm, but deeper than IL's 16-bit stack bound.
        var body = new List<byte> { 0x00 };
        for (int i = 0; i < 70_000; i++) body.AddRange([0x41, 0x01]);
        for (int i = 0; i < 69_999; i++) body.Add(0x6A);
        body.Add(0x0B);
        byte[] code = [0x01, .. Bytes.Leb(body.Count), .. body];
        WasmModuleException e = Refused(Bytes.Module((1, [0x01, 0x60, 0x00, 0x01, 0x7F]), (3, [0x01, 0x00]), (10, code)));
        Assert.Equal(ModuleErrorKind.Unsupported, e.Kind);
        Assert.Contains("operand stack", e.Reason);
    }

    private static byte[] SignedLeb(int value)
    {
        var bytes = new List<byte>();
        while (true)
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            bytes.Add(done ? b : (byte)(b | 0x80));
            if (done) return [.. bytes];
        }
    }

    [Fact]
    public void TooManyLocalsAreRefusedWithoutAllocating()
    {
        // Two groups of 2^31 locals each: more than 2^32 - 1 in total.
        byte[] body = [0x02, 0x80, 0x80, 0x80, 0x80, 0x08, 0x7F, 0x80, 0x80, 0x80, 0x80, 0x08, 0x7F, 0x0B];
        byte[] bytes = Bytes.Module((1, [0x01, 0x60, 0x00, 0x00]), (3, [0x01, 0x00]), (10, [0x01, (byte)body.Length, .. body]));
        Assert.Contains("too many locals", Refused(bytes).Reason);
    }
}
