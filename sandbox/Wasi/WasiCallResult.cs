using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Wasi;

/// <summary>
/// The outcome of a WASI function that may block: an errno, or "would block". A blocked call had
/// no effect at all; the embedder suspends the guest (Asyncify unwinds it) and, once new input or
/// time makes <see cref="WasiLibraryOs.CanResume"/> true, calls the same function again with the
/// same arguments to get the real result.
/// </summary>
public readonly record struct WasiCallResult
{
    private WasiCallResult(WasiErrno errno, bool wouldBlock)
    {
        Errno = errno;
        WouldBlock = wouldBlock;
    }

    /// <summary>The call cannot complete until input arrives or a deadline passes.</summary>
    public static WasiCallResult Blocked { get; } = new(WasiErrno.Success, true);

    public WasiErrno Errno { get; }

    public bool WouldBlock { get; }

    public static implicit operator WasiCallResult(WasiErrno errno) => new(errno, false);

    /// <summary>The i32 the guest receives; only for a call that completed.</summary>
    public int ToWasm()
    {
        if (WouldBlock) throw new InvalidOperationException("a blocked WASI call has no result yet: suspend the guest and call again");
        return (int)Errno;
    }

    public override string ToString() => WouldBlock ? "WouldBlock" : Errno.ToString();
}
