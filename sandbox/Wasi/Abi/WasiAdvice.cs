namespace Plover.Sandbox.Wasi.Abi;

/// <summary>WASI preview1 <c>advice</c> (u8) for <c>fd_advise</c>.</summary>
public enum WasiAdvice : byte
{
    Normal = 0,
    Sequential = 1,
    Random = 2,
    WillNeed = 3,
    DontNeed = 4,
    NoReuse = 5,
}
