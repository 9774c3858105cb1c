namespace Plover.Sandbox.Wasi;

/// <summary>The wasm value types preview1 signatures use.</summary>
public enum WasiValueType : byte
{
    I32,
    I64,
}
