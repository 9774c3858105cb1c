namespace Plover.Engine.Guest;

/// <summary>
/// The replicated guest as the engine drives it: one sandboxed WASI service whose network (fd 3)
/// is fed from the log, run until it blocks, and whose state can be read and patched page by page
/// while it is blocked. Implemented over the sandbox's guest VM (<see cref="SandboxGuestFactory"/>);
/// one thread uses a machine at a time (the executor's).
/// </summary>
public interface IGuestMachine : IDisposable
{
    /// <summary>Size of a page as the engine tracks, hashes and sends it.</summary>
    public const int PageBytes = 4096;

    /// <summary>A client connected: queued for the guest's accept.</summary>
    GuestConnectOutcome Connect(ulong connection);

    /// <summary>A client's bytes, in order.</summary>
    GuestDeliverOutcome Deliver(ulong connection, ReadOnlySpan<byte> bytes);

    /// <summary>The client will send nothing more; false when the guest already closed the connection.</summary>
    bool PeerClosed(ulong connection);

    /// <summary>Deterministic mode: the timestamp and seed of the log batch about to be executed.</summary>
    void SetEventContext(long timestampNs, ulong seed);

    /// <summary>
    /// Runs the guest (its start the first time, then from where it blocked) until it blocks waiting
    /// for input or a deadline, exits, traps or hits a limit. Never throws for what the guest does.
    /// </summary>
    GuestRunResult RunUntilBlocked();

    /// <summary>Whether running now would make progress: input arrived for what it waits on, or its deadline passed.</summary>
    bool CanResume { get; }

    /// <summary>Linear memory size in 4 KiB pages.</summary>
    int PageCount { get; }

    /// <summary>How many pages were written since the previous <see cref="TakeDirtyPages"/>.</summary>
    int DirtyPageCount { get; }

    /// <summary>Pages written since the previous call (by the guest, the library OS, or patches), ascending, and clears the set.</summary>
    IReadOnlyList<int> TakeDirtyPages();

    void ReadPage(int index, Span<byte> destination);

    void WritePage(int index, ReadOnlySpan<byte> source);

    /// <summary>Grows linear memory to <paramref name="pageCount"/> 4 KiB pages (a multiple of 16: wasm pages are 64 KiB); new pages are zero.</summary>
    void GrowTo(int pageCount);

    /// <summary>Every global's value, encoded canonically (equal state, equal bytes).</summary>
    byte[] CaptureGlobals();

    void RestoreGlobals(ReadOnlySpan<byte> encoded);

    /// <summary>The table's elements (as function indexes), encoded canonically.</summary>
    byte[] CaptureTable();

    void RestoreTable(ReadOnlySpan<byte> encoded);

    /// <summary>The library OS state (descriptors, connections and their unread input, clocks, the blocked call), canonical bytes.</summary>
    byte[] CaptureLibraryOs();

    void RestoreLibraryOs(ReadOnlySpan<byte> encoded);
}

/// <summary>What became of a client connection handed to the guest.</summary>
public enum GuestConnectOutcome
{
    Queued,
    /// <summary>Refused (backlog full, too many connections, or the guest no longer listens): the engine closes the client.</summary>
    Refused,
}

/// <summary>What became of a client's bytes.</summary>
public enum GuestDeliverOutcome
{
    Buffered,
    /// <summary>Buffered, and the guest's unread input is at its high-water mark: stop sending until it resumes.</summary>
    Full,
    /// <summary>Dropped: the guest closed the connection or its reading side.</summary>
    Discarded,
}
