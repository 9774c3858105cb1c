using Plover.Sandbox.Guest.Asyncify;
using Plover.Sandbox.Guest.State;
using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Time;

namespace Plover.Sandbox.Guest;

// The Asyncify protocol, performed on the state and data globals directly (what the module's
// asyncify_* exports do, whose shape AsyncifyLayout checked), so a blocking call never re-enters
// the guest: the guest returns all the way out of _start when it blocks, and _start is called
// again, rewinding, when it can go on.
public sealed partial class GuestMachine
{
    private int AsyncifyState
    {
        get => (int)_stateGlobal!.Bits;
        set => _stateGlobal!.Bits = value;
    }

    /// <summary>The blocked call cannot complete: have the guest unwind into the buffer.</summary>
    private void StartUnwind(WasiFunction function)
    {
        if (_buffer is null) ReserveBuffer();
        else if (_guard!.TakeGuestWrite(_memory) is var page and >= 0)
            throw Fault(GuestFaultKind.AsyncifyBufferWritten,
                $"the guest wrote into 4 KiB page {page} of the Asyncify buffer at 0x{_buffer.Address:x8} while it ran (before blocking in {function.Name}); its allocator may have claimed the region");
        _buffer!.ResetForUnwind(_memory);
        _dataGlobal!.Bits = _buffer.Address;
        AsyncifyState = AsyncifyLayout.Unwinding;
    }

    private void ReserveBuffer()
    {
        _buffer = AsyncifyBuffer.Reserve(_memory, (uint)Options.AsyncifyBufferBytes)
            ?? throw new GuestMemoryLimitException(
                $"blocked, and memory of {_memory.Pages} pages had no room for the {Options.AsyncifyBufferBytes}-byte Asyncify buffer");
        _guard = new AsyncifyBufferGuard(_buffer);
    }

    /// <summary>_start returned with the state unwinding: the whole call stack is in the buffer.</summary>
    private GuestRunResult CompleteUnwind()
    {
        AsyncifyState = AsyncifyLayout.Normal;
        uint current = _buffer!.ReadCurrent(_memory);
        if (current > _buffer.End)
            throw Fault(GuestFaultKind.AsyncifyBufferOverflow,
                $"the unwound call stack takes {current - _buffer.Address - AsyncifyBuffer.HeaderBytes} bytes but the Asyncify buffer holds {_buffer.CapacityBytes} (GuestMachineOptions.AsyncifyBufferBytes)");
        GuestInvariant.Require(current >= _buffer.Address + AsyncifyBuffer.HeaderBytes, "an unwind saves at least the frame of the blocked call");
        return BlockedNow();
    }

    private GuestRunResult BlockedNow()
    {
        WasiBlockedCall call = _os.BlockedCall ?? throw new GuestInvariantException("a blocked machine's library OS records the blocked call");
        return GuestRunResult.Blocked(call, _os.NanosecondsUntilDeadline());
    }

    private void BeginRewind()
    {
        if (AsyncifyState != AsyncifyLayout.Normal)
            throw new GuestStateException($"Asyncify's state global is {AsyncifyState}, not normal, in a blocked guest: patched from a guest that was not blocked?");
        AdoptAsyncifyBuffer();
        _dataGlobal!.Bits = _buffer!.Address;
        AsyncifyState = AsyncifyLayout.Rewinding;
    }

    /// <summary>The rewind reached the blocking import again: stop it, checking it came back where it left.</summary>
    private void FinishRewind(WasiFunction function)
    {
        AsyncifyState = AsyncifyLayout.Normal;
        uint current = _buffer!.ReadCurrent(_memory);
        if (current != _buffer.Address + AsyncifyBuffer.HeaderBytes)
            throw Fault(GuestFaultKind.AsyncifyProtocol,
                $"the rewind reached {function.Name} with {current - _buffer.Address - AsyncifyBuffer.HeaderBytes} bytes of the saved call stack unread");
        if (_os.BlockedCall?.Function != function.Name)
            throw Fault(GuestFaultKind.AsyncifyProtocol,
                $"the rewind reached {function.Name}, but the guest had blocked in {_os.BlockedCall?.Function ?? "no call"}");
        _guard!.Arm(_memory);
    }

    /// <summary>
    /// A guest not prepared with Asyncify blocked: wait in this thread until the deadline and let
    /// the caller retry. With no deadline (or in deterministic time, which does not pass while the
    /// guest holds the thread) nothing could ever wake it.
    /// </summary>
    private void WaitInThread(WasiFunction function)
    {
        ulong? nanoseconds = _os.NanosecondsUntilDeadline();
        if (nanoseconds is null)
            throw Fault(GuestFaultKind.BlockedWithoutAsyncify,
                $"the guest blocked in {function.Name} waiting for input, but it is not prepared with Asyncify, so no input can reach it while it holds the thread (plover prepare)");
        if (Options.Wasi.Nondeterminism is WasiNondeterminism.DeterministicMode && nanoseconds > 0)
            throw Fault(GuestFaultKind.BlockedWithoutAsyncify,
                $"the guest waits {nanoseconds} ns in {function.Name}, but deterministic time only moves between input events and it is not prepared with Asyncify");
        if (nanoseconds > 0) Thread.Sleep(TimeSpan.FromTicks((long)Math.Min(nanoseconds.Value / 100 + 1, (ulong)TimeSpan.MaxValue.Ticks)));
    }
}
