using Plover.Sandbox.Guest.Asyncify;
using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Network;

namespace Plover.Sandbox.Guest;

/// <summary>
/// A lightweight VM: one instance of a compiled guest module bound to its own WASI library OS,
/// driven by Asyncify. <see cref="RunUntilBlocked"/> runs the guest until it waits for input,
/// at which point it has unwound its whole call stack into linear memory and nothing of it is on
/// a .NET stack: its state is memory, globals, table and library OS state, which this class
/// captures, hashes, restores and patches.
/// </summary>
/// <remarks>
/// Not thread-safe: one thread drives a machine at a time. Guest code runs on the calling thread
/// (see <see cref="GuestMachineOptions.CallStackBytes"/> for the stack it needs). Compile a module
/// once and build any number of machines from it. A module not prepared with Asyncify can run
/// as a plain command: its blocking calls then wait in the calling thread (clock waits only).
/// </remarks>
public sealed partial class GuestMachine : IDisposable
{
    private readonly GuestModuleInfo _moduleInfo;
    private readonly Instance _instance;
    private readonly Memory _memory;
    private LinearMemoryView? _view;
    private readonly Function _start;
    private readonly AsyncifyLayout? _asyncify;
    private readonly Global? _stateGlobal;
    private readonly Global? _dataGlobal;
    private readonly PageHashTable _pageHashes;
    private WasiLibraryOs _os;
    private AsyncifyBuffer? _buffer;
    private AsyncifyBufferGuard? _guard;
    private GuestRunResult? _lastResult;
    private Exception? _hostError;
    private bool _disposed;

    /// <summary>
    /// Instantiates <paramref name="module"/> with its imports bound to a new library OS. Throws
    /// <see cref="WasiLinkException"/> naming an import the library OS does not provide,
    /// <see cref="GuestModuleException"/> for a module that cannot be a guest, and
    /// <see cref="WasmLimitException"/> when it does not fit the limits.
    /// </summary>
    public GuestMachine(Module module, GuestMachineOptions options)
    {
        options.Validate();
        Module = module;
        Options = options;
        _moduleInfo = GuestModuleInfo.Of(module);
        _asyncify = _moduleInfo.Layout;
        if (options.Wasi.Network is not null && _asyncify is null)
            throw new GuestModuleException("a guest that serves the virtual network must be prepared with Asyncify (plover prepare): it waits for input without holding the thread");
        _os = new WasiLibraryOs(options.Wasi);
        try
        {
            _instance = BindImports(module).Instantiate(module, new InstanceOptions
            {
                Fuel = options.FuelPerRun,
                MemoryPagesLimit = options.MemoryPagesLimit,
                CallStackBytes = options.CallStackBytes,
            });
            _memory = _instance.Memory ?? throw new GuestModuleException("the module defines no linear memory; a WASI guest needs one");
            _start = _instance.GetExport("_start") as Function
                ?? throw new GuestModuleException("the module exports no _start function; only WASI commands can run as guests");
            if (_start.Type.Parameters.Length != 0 || _start.Type.Results.Length != 0)
                throw new GuestModuleException($"_start has type {_start.Type}, not () -> ()");
        }
        catch
        {
            _os.Dispose();
            throw;
        }
        _view = new LinearMemoryView(_memory);
        if (_asyncify is not null)
        {
            _stateGlobal = _instance.Globals[_asyncify.StateGlobal];
            _dataGlobal = _instance.Globals[_asyncify.DataGlobal];
        }
        _pageHashes = new PageHashTable();
    }

    public Module Module { get; }

    /// <summary>XXH3-64 of the module binary, as recorded in captured states (e.g. to assemble one from checkpoint parts).</summary>
    public ulong ModuleFingerprint => _moduleInfo.Fingerprint;

    public GuestMachineOptions Options { get; }

    /// <summary>Whether the module was prepared with Asyncify, so it can block without holding a thread.</summary>
    public bool IsAsyncifyPrepared => _asyncify is not null;

    public GuestMachinePhase Phase { get; private set; } = GuestMachinePhase.NotStarted;

    /// <summary>The result of the last run; for a finished machine, how it finished.</summary>
    public GuestRunResult? LastResult => _lastResult;

    /// <summary>The virtual network behind fd 3 (configured with <see cref="WasiConfiguration.Network"/>).</summary>
    public VirtualNetwork Network => _os.Network;

    /// <summary>Set once memory.grow was refused for this machine's limit (the module's own maximum aside).</summary>
    public bool MemoryLimitHit => _memory.LimitHit;

    /// <summary>Memory size in 64 KiB pages.</summary>
    public uint MemoryPages => _memory.Pages;

    /// <summary>Memory size in the 4 KiB pages that are hashed and compared.</summary>
    public int PageCount => _memory.DirtyPageCapacity;

    /// <summary>Where the Asyncify buffer is, once the guest has blocked for the first time.</summary>
    public uint? AsyncifyBufferAddress => _buffer?.Address;

    /// <summary>Bytes of unwound call stack the guest left in the buffer (while blocked).</summary>
    public long AsyncifyBytesUsed => Phase == GuestMachinePhase.Blocked && _buffer is not null ? _buffer.UsedBytes(_memory) : 0;

    internal Instance Instance => _instance;

    internal Memory Memory => _memory;

    /// <summary>
    /// Whether <see cref="RunUntilBlocked"/> would run guest code: the guest has not started, or
    /// new input or time lets its blocked call complete.
    /// </summary>
    public bool CanResume => Phase switch
    {
        GuestMachinePhase.NotStarted => true,
        GuestMachinePhase.Blocked => _os.CanResume(),
        _ => false,
    };

    /// <summary>Nanoseconds until the blocked call's earliest deadline (0 when due), or null when it waits for input only.</summary>
    public ulong? NanosecondsUntilDeadline => Phase == GuestMachinePhase.Blocked ? _os.NanosecondsUntilDeadline() : null;

    /// <summary>A client connected (queued for the guest's <c>sock_accept</c>).</summary>
    public WasiConnectOutcome Connect(ulong connectionId) => Usable()._os.Network.Connect(connectionId);

    /// <summary>A client sent bytes; <see cref="WasiDeliverOutcome.Full"/> means stop reading from it until the sink's ResumeReceiving.</summary>
    public WasiDeliverOutcome Deliver(ulong connectionId, ReadOnlySpan<byte> bytes) => Usable()._os.Network.Deliver(connectionId, bytes);

    /// <summary>A client will send nothing more (false when the guest has already closed the connection).</summary>
    public bool PeerClosed(ulong connectionId) => Usable()._os.Network.PeerClosed(connectionId);

    /// <summary>Deterministic mode: the time and seed of the input event about to be executed.</summary>
    public void SetEventContext(long timestampNs, ulong seed) => Usable()._os.SetEventContext(timestampNs, seed);

    /// <summary>
    /// Runs the guest until it blocks again or finishes: starts <c>_start</c> the first time;
    /// afterwards, when <see cref="CanResume"/>, rewinds the blocked guest so that its blocked call
    /// completes with the new input. Returns at once (Blocked) when nothing can unblock it, and the
    /// final result again once it has finished. Every guest failure is a result, never an exception;
    /// an exception means a host error (a broken sink, an invariant), after which the machine is unusable.
    /// </summary>
    public GuestRunResult RunUntilBlocked()
    {
        Usable();
        switch (Phase)
        {
            case GuestMachinePhase.Finished:
                return _lastResult!;
            case GuestMachinePhase.Running:
                throw new InvalidOperationException("RunUntilBlocked was called while the guest is running (from a host call of its own)");
            case GuestMachinePhase.Blocked when !_os.CanResume():
                return Record(BlockedNow());
            case GuestMachinePhase.Blocked:
                BeginRewind();
                break;
        }
        Phase = GuestMachinePhase.Running;
        if (Options.FuelPerRun is long fuel) _instance.Fuel = fuel;
        try
        {
            _start.Invoke();
            return Record(AfterStartReturned());
        }
        catch (WasiExitException exit)
        {
            return Record(ExitResult(exit.ExitCode));
        }
        catch (WasmTrap trap)
        {
            return Record(TrapResult(trap));
        }
        catch (GuestFaultException fault)
        {
            return Record(GuestRunResult.Faulted(fault.Fault));
        }
        catch (GuestMemoryLimitException limit)
        {
            return Record(GuestRunResult.MemoryLimitExceeded(_memory.LimitPages, limit.Message));
        }
        catch (Exception error)
        {
            _hostError = error;
            throw;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _os.Dispose();
    }

    private GuestRunResult Record(GuestRunResult result)
    {
        _lastResult = result;
        Phase = result.IsFinal ? GuestMachinePhase.Finished : GuestMachinePhase.Blocked;
        return result;
    }

    private GuestRunResult AfterStartReturned()
    {
        if (_asyncify is null) return ExitResult(0);
        int state = AsyncifyState;
        if (state == AsyncifyLayout.Unwinding) return CompleteUnwind();
        if (state == AsyncifyLayout.Normal) return ExitResult(0);
        throw Fault(GuestFaultKind.AsyncifyProtocol, "_start returned while rewinding: the rewind never reached the call that blocked");
    }

    private GuestRunResult ExitResult(uint code) =>
        code != 0 && _memory.LimitHit
            ? GuestRunResult.MemoryLimitExceeded(_memory.LimitPages, $"exited with code {code}", exitCode: code)
            : GuestRunResult.Exited(code);

    private GuestRunResult TrapResult(WasmTrap trap)
    {
        if (_asyncify is not null && AsyncifyState == AsyncifyLayout.Unwinding && trap.Code == TrapCode.MemoryOutOfBounds && _buffer is not null)
            return GuestRunResult.Faulted(new GuestFault(GuestFaultKind.AsyncifyBufferOverflow,
                $"unwinding ran past the end of memory while saving the call stack into the {_buffer.CapacityBytes}-byte Asyncify buffer at 0x{_buffer.Address:x8}"));
        // Only Asyncify's restore code runs while rewinding: a trap there means the saved stack is not one it wrote.
        if (_asyncify is not null && AsyncifyState == AsyncifyLayout.Rewinding)
            return GuestRunResult.Faulted(new GuestFault(GuestFaultKind.AsyncifyProtocol,
                $"the guest trapped while rewinding its saved call stack ({trap.Message}): the buffer or globals do not hold an unwind it made"));
        if (trap.Code != TrapCode.OutOfFuel && _memory.LimitHit)
            return GuestRunResult.MemoryLimitExceeded(_memory.LimitPages, $"trapped ({trap.Message})", trap: trap);
        return GuestRunResult.Trapped(trap);
    }

    private GuestMachine Usable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_hostError is not null)
            throw new InvalidOperationException($"the machine is unusable: a host error escaped while the guest ran ({_hostError.Message})", _hostError);
        return this;
    }

    private GuestMachine Blocked(string operation)
    {
        Usable();
        if (Phase != GuestMachinePhase.Blocked)
            throw new InvalidOperationException($"{operation} needs a blocked machine (unwound into memory); this one is {Phase}");
        return this;
    }

    private static GuestFaultException Fault(GuestFaultKind kind, string message) => new(new GuestFault(kind, message));
}

/// <summary>Raised inside a host call when memory cannot grow for the machine's own needs (the Asyncify buffer).</summary>
internal sealed class GuestMemoryLimitException(string message) : Exception(message);
