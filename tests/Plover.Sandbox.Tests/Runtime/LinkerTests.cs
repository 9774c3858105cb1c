using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Runtime;

/// <summary>Imports resolve by name and type; failures name the import and both types.</summary>
public class LinkerTests
{
    [Fact]
    public void UnknownImportNamesTheModuleFieldAndExpectedType()
    {
        Module module = Wat.Compile("""(module (import "env" "tick" (func (param i32) (result i64))))""");
        var e = Assert.Throws<WasmLinkException>(() => new Linker().Instantiate(module));
        Assert.True(e.IsUnknownImport);
        Assert.Equal("env", e.ModuleName);
        Assert.Equal("tick", e.FieldName);
        Assert.Equal("function [i32] -> [i64]", e.Expected);
        Assert.Contains("\"env\".\"tick\"", e.Message);
    }

    [Fact]
    public void FunctionOfAnotherTypeIsIncompatible()
    {
        Module module = Wat.Compile("""(module (import "env" "tick" (func (param i32) (result i64))))""");
        var linker = new Linker().DefineFunction("env", "tick", new FuncType([ValueKind.I64], [ValueKind.I64]), (_, _, _) => { });
        var e = Assert.Throws<WasmLinkException>(() => linker.Instantiate(module));
        Assert.False(e.IsUnknownImport);
        Assert.Equal("function [i32] -> [i64]", e.Expected);
        Assert.Equal("function [i64] -> [i64]", e.Actual);
    }

    [Theory]
    [InlineData("""(module (import "env" "mem" (memory 3)))""", "memory {min 3}", "memory {min 2, max 4}")]
    [InlineData("""(module (import "env" "mem" (memory 1 3)))""", "memory {min 1, max 3}", "memory {min 2, max 4}")]
    [InlineData("""(module (import "env" "g" (global i32)))""", "global i32", "global (mut i32)")]
    [InlineData("""(module (import "env" "t" (table 1 externref)))""", "table externref {min 1}", "table funcref {min 2}")]
    [InlineData("""(module (import "env" "mem" (func)))""", "function [] -> []", "memory {min 2, max 4}")]
    public void EntitiesOfTheWrongKindOrLimitsAreIncompatible(string wat, string expected, string actual)
    {
        var linker = new Linker()
            .Define("env", "mem", new Memory(new MemoryType(new Limits(2, 4))))
            .Define("env", "g", new Global(new GlobalType(ValueKind.I32, true)))
            .Define("env", "t", new Table(new TableType(ValueKind.FuncRef, new Limits(2, null))));
        var e = Assert.Throws<WasmLinkException>(() => linker.Instantiate(Wat.Compile(wat)));
        Assert.Equal(expected, e.Expected);
        Assert.Equal(actual, e.Actual);
    }

    [Fact]
    public void EntitiesImportedFromAnotherInstanceAreShared()
    {
        const string provider = """
            (module
              (memory (export "memory") 1)
              (global (export "counter") (mut i32) (i32.const 10))
              (table (export "table") 2 funcref)
              (global $own (mut i32) (i32.const 0))
              (func $mark (export "mark") (result i32) (global.set $own (i32.const 1)) (i32.const 99))
              (func (export "own") (result i32) global.get $own)
              (elem (i32.const 0) $mark))
            """;
        const string consumer = """
            (module
              (import "provider" "memory" (memory 1))
              (import "provider" "counter" (global $counter (mut i32)))
              (import "provider" "table" (table 2 funcref))
              (import "provider" "mark" (func $mark (result i32)))
              (type $get (func (result i32)))
              (func (export "poke") (i32.store (i32.const 8) (i32.const 1234)) (global.set $counter (i32.const 11)))
              (func (export "call_mark") (result i32) (call $mark))
              (func (export "call_slot0") (result i32) (call_indirect (type $get) (i32.const 0))))
            """;
        Instance a = Wat.Instantiate(provider);
        Instance b = Wat.Instantiate(consumer, new Linker().DefineInstance("provider", a));
        b.GetFunction("poke").Invoke();
        Assert.Equal(1234, a.GetMemory("memory").ReadInt32(8));
        Assert.Equal(11, a.GetGlobal("counter").Value.AsI32());
        Assert.Same(a.GetMemory("memory"), b.Memory);
        // An imported function runs with its own instance's state.
        Assert.Equal(99, b.GetFunction("call_mark").Invoke()[0].AsI32());
        Assert.Equal(1, a.GetFunction("own").Invoke()[0].AsI32());
        Assert.Equal(99, b.GetFunction("call_slot0").Invoke()[0].AsI32());
        Assert.Same(a.GetFunction("mark"), b.Functions[0]);
    }
}
