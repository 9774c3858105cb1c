using System.Text;
using Plover.Sandbox.Guest;
using Plover.Sandbox.Tests.Wasi;
using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Network;
using Plover.Sandbox.Wasi.Time;

namespace Plover.Sandbox.Tests.Guest;

/// <summary>
/// A RESP guest (kv, nondet) in a machine, fed commands on connections of the virtual network,
/// with what it sends recorded per connection.
/// </summary>
internal sealed class RespDriver : IDisposable
{
    public const long StartTimeNs = 1_700_000_000_000_000_000;

    public RespDriver(Module module, WasiNondeterminism? mode = null, GuestMachineOptions? options = null)
    {
        Options = (options ?? new GuestMachineOptions()) with
        {
            Wasi = new WasiConfiguration
            {
                Arguments = ["guest"],
                Network = Sink,
                Stdout = Stdout,
                Stderr = Stderr,
                Nondeterminism = mode ?? WasiNondeterminism.Deterministic(StartTimeNs, 1),
            },
        };
        Machine = new GuestMachine(module, Options);
    }

    private RespDriver(GuestMachineOptions options, RecordingNetworkSink sink, GuestMachine machine)
    {
        Options = options;
        Sink = sink;
        Machine = machine;
    }

    public RecordingNetworkSink Sink { get; } = new();

    public MemoryStream Stdout { get; } = new();

    public MemoryStream Stderr { get; } = new();

    public GuestMachineOptions Options { get; }

    public GuestMachine Machine { get; }

    /// <summary>A driver around a machine restored from <paramref name="state"/>, with its own sink and streams.</summary>
    public static RespDriver Restored(Module module, GuestMachineOptions options, Plover.Sandbox.Guest.State.GuestState state)
    {
        var sink = new RecordingNetworkSink();
        GuestMachineOptions own = options with { Wasi = options.Wasi with { Network = sink, Stdout = new MemoryStream(), Stderr = new MemoryStream() } };
        return new RespDriver(own, sink, GuestMachine.Restore(module, own, state));
    }

    /// <summary>Runs the guest until it blocks; fails the test on any other outcome.</summary>
    public GuestRunResult RunToBlock()
    {
        GuestRunResult result = Machine.RunUntilBlocked();
        Assert.True(result.Status == GuestRunStatus.Blocked, $"{result} (stderr: {Encoding.UTF8.GetString(Stderr.ToArray())})");
        return result;
    }

    public void Connect(ulong id) => Assert.Equal(WasiConnectOutcome.Queued, Machine.Connect(id));

    /// <summary>Delivers the commands (RESP multibulk) on one connection and runs the guest until it blocks.</summary>
    public void Send(ulong id, params string[][] commands)
    {
        foreach (string[] command in commands) Machine.Deliver(id, Encode(command));
        RunToBlock();
    }

    /// <summary>Everything the guest sent on the connection so far, as text.</summary>
    public string Received(ulong id) => Sink.SentText(id);

    /// <summary>The bytes sent on the connection since <paramref name="offset"/>.</summary>
    public string ReceivedSince(ulong id, int offset) => Received(id)[offset..];

    public static byte[] Encode(IReadOnlyList<string> arguments)
    {
        var text = new StringBuilder($"*{arguments.Count}\r\n");
        foreach (string argument in arguments) text.Append($"${Encoding.UTF8.GetByteCount(argument)}\r\n{argument}\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public void Dispose() => Machine.Dispose();
}
