using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Time;

namespace Plover.Sandbox.Tests.Wasi;

/// <summary>
/// A library OS wired the way a replicated guest is (deterministic mode, the virtual network on
/// fd 3, captured stdout and stderr, no host directories), plus memory and small call helpers.
/// </summary>
internal sealed class WasiFixture : IDisposable
{
    public const long StartTimeNs = 1_700_000_000_000_000_000;
    public const ulong StartSeed = 42;
    public const int ListenerFd = 3;

    // Scratch addresses in the fake memory, far apart so that tests can see what was written where.
    public const uint IovecsAt = 0x100;
    public const uint OutAt = 0x200;
    public const uint Out2At = 0x208;
    public const uint BufferAt = 0x1000;
    public const uint Buffer2At = 0x3000;

    public WasiFixture(WasiConfiguration? configuration = null)
    {
        Sink = configuration?.Network as RecordingNetworkSink ?? new RecordingNetworkSink();
        Configuration = configuration ?? Replicated(Sink, Stdout, Stderr);
        Os = new WasiLibraryOs(Configuration);
    }

    private WasiFixture(WasiFixture shell, WasiLibraryOs os)
    {
        Sink = shell.Sink;
        Stdout = shell.Stdout;
        Stderr = shell.Stderr;
        Configuration = shell.Configuration;
        Memory = shell.Memory;
        Os = os;
    }

    /// <summary>The shell's configuration, sink and memory around another library OS (a restored one).</summary>
    public static WasiFixture Wrap(WasiFixture shell, WasiLibraryOs os) => new(shell, os);

    public RecordingNetworkSink Sink { get; }

    public MemoryStream Stdout { get; } = new();

    public MemoryStream Stderr { get; } = new();

    public WasiConfiguration Configuration { get; }

    public WasiLibraryOs Os { get; }

    public FakeGuestMemory Memory { get; } = new();

    public static WasiConfiguration Replicated(RecordingNetworkSink sink, Stream stdout, Stream stderr) => new()
    {
        Arguments = ["kv", "--port", "6379"],
        Environment = [new("HOME", "/"), new("MODE", "replicated")],
        Stdout = stdout,
        Stderr = stderr,
        Network = sink,
        Nondeterminism = WasiNondeterminism.Deterministic(StartTimeNs, StartSeed),
    };

    /// <summary>Connects a client and accepts it, returning the guest's descriptor for it.</summary>
    public int ConnectAndAccept(ulong connectionId)
    {
        Assert.Equal(Plover.Sandbox.Wasi.Network.WasiConnectOutcome.Queued, Os.Network.Connect(connectionId));
        Assert.Equal(WasiErrno.Success, Os.SockAccept(Memory, ListenerFd, 0, OutAt).Errno);
        return (int)Memory.U32(OutAt);
    }

    /// <summary>sock_recv into one buffer; returns the errno and the text received.</summary>
    public (WasiCallResult Result, string Text) Receive(int fd, uint capacity = 256, WasiRiFlags flags = WasiRiFlags.None)
    {
        Memory.PlaceIovecs(IovecsAt, (BufferAt, capacity));
        WasiCallResult result = Os.SockRecv(Memory, fd, IovecsAt, 1, (uint)flags, OutAt, Out2At);
        string text = result.WouldBlock || result.Errno != WasiErrno.Success ? "" : Memory.Text(BufferAt, (int)Memory.U32(OutAt));
        return (result, text);
    }

    /// <summary>sock_send of one buffer holding <paramref name="text"/>.</summary>
    public WasiErrno Send(int fd, string text)
    {
        Memory.PlaceText(BufferAt, text);
        Memory.PlaceIovecs(IovecsAt, (BufferAt, (uint)System.Text.Encoding.UTF8.GetByteCount(text)));
        return Os.SockSend(Memory, fd, IovecsAt, 1, 0, OutAt);
    }

    /// <summary>fd_write of one buffer holding <paramref name="text"/>.</summary>
    public WasiErrno Write(int fd, string text)
    {
        Memory.PlaceText(BufferAt, text);
        Memory.PlaceIovecs(IovecsAt, (BufferAt, (uint)System.Text.Encoding.UTF8.GetByteCount(text)));
        return Os.FdWrite(Memory, fd, IovecsAt, 1, OutAt);
    }

    public void Dispose() => Os.Dispose();
}
