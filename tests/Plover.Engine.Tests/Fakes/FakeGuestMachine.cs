using System.Buffers.Binary;
using System.Text;
using Plover.Engine.Guest;
using Plover.Sandbox.Wasi.Network;

namespace Plover.Engine.Tests.Fakes;

/// <summary>
/// A test double of the guest for the engine's unit tests: byte-array memory in 4 KiB pages with
/// exact dirty tracking, globals/table/library-OS blobs, and a tiny line service. Each line a client
/// sends ("INCR" or anything else) is answered with the global counter after it, and appended to a
/// journal in memory (so inputs dirty pages); in "passthrough" it also stamps a page with the host's
/// randomness, so replicas diverge the way a real guest using the clock would. Never used by the product.
/// </summary>
internal sealed class FakeGuestMachine : IGuestMachine
{
    public const int InitialPages = 16;
    private const int CounterPage = 0;
    private const int StampPage = 1;
    private const int JournalFirstPage = 2;

    private readonly IWasiNetworkSink outputs;
    private readonly bool passthrough;
    private readonly List<byte[]> pages = [];
    private readonly SortedSet<int> dirty = [];
    private readonly SortedDictionary<ulong, Connection> connections = [];
    private readonly Queue<ulong> pendingAccepts = new();
    private readonly Random hostRandom;
    private ulong seed;
    private bool started;

    public FakeGuestMachine(IWasiNetworkSink outputs, bool passthrough, int hostSeed)
    {
        this.outputs = outputs;
        this.passthrough = passthrough;
        hostRandom = new Random(hostSeed);
        GrowTo(InitialPages);
    }

    public byte[] Globals { get; set; } = [1, 2, 3, 4];

    public byte[] Table { get; set; } = [9, 9];

    public int Runs { get; private set; }

    /// <summary>Reset, runs wait until it is set again: the executor's thread stands still (to test what queues up meanwhile).</summary>
    public ManualResetEventSlim RunGate { get; } = new(initialState: true);

    /// <summary>Makes the next run fail this way (to test fault handling).</summary>
    public GuestRunResult? NextFault { get; set; }

    public GuestConnectOutcome Connect(ulong connection)
    {
        if (connections.ContainsKey(connection)) throw new InvalidOperationException($"connection {connection} is live");
        connections[connection] = new Connection();
        pendingAccepts.Enqueue(connection);
        return GuestConnectOutcome.Queued;
    }

    public GuestDeliverOutcome Deliver(ulong connection, ReadOnlySpan<byte> bytes)
    {
        if (!connections.TryGetValue(connection, out Connection? c)) return GuestDeliverOutcome.Discarded;
        c.Input.AddRange(bytes.ToArray());
        return GuestDeliverOutcome.Buffered;
    }

    public bool PeerClosed(ulong connection)
    {
        if (!connections.TryGetValue(connection, out Connection? c)) return false;
        c.PeerClosed = true;
        return true;
    }

    public void SetEventContext(long timestampNs, ulong seed) => this.seed = seed ^ (ulong)timestampNs;

    public bool CanResume => connections.Values.Any(c => c.Input.Contains((byte)'\n') || c.PeerClosed) || pendingAccepts.Count > 0;

    public GuestRunResult RunUntilBlocked()
    {
        RunGate.Wait();
        Runs++;
        if (NextFault is { } fault)
        {
            NextFault = null;
            return fault;
        }
        if (!started)
        {
            started = true;
            for (int page = 0; page < pages.Count; page++) dirty.Add(page);
        }
        pendingAccepts.Clear();
        foreach ((ulong id, Connection connection) in connections.ToArray()) Serve(id, connection);
        return GuestRunResult.Blocked(null);
    }

    private void Serve(ulong id, Connection connection)
    {
        int newline;
        while ((newline = connection.Input.IndexOf((byte)'\n')) >= 0)
        {
            string line = Encoding.ASCII.GetString(connection.Input.GetRange(0, newline).ToArray()).TrimEnd('\r');
            connection.Input.RemoveRange(0, newline + 1);
            long counter = ReadCounter() + 1;
            WriteCounter(counter);
            Journal(line);
            if (passthrough) Stamp(hostRandom.NextInt64());
            else Stamp((long)(seed + (ulong)counter));
            outputs.Send(id, Encoding.ASCII.GetBytes($"{counter} {line}\n"));
        }
        if (connection.PeerClosed && connection.Input.Count == 0)
        {
            connections.Remove(id);
            outputs.Close(id);
        }
    }

    private long ReadCounter() => BinaryPrimitives.ReadInt64LittleEndian(pages[CounterPage]);

    private void WriteCounter(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(pages[CounterPage], value);
        dirty.Add(CounterPage);
    }

    private void Stamp(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(pages[StampPage].AsSpan((int)(ReadCounter() % 512) * 8), value);
        dirty.Add(StampPage);
    }

    private void Journal(string line)
    {
        long counter = ReadCounter();
        int page = JournalFirstPage + (int)(counter % (pages.Count - JournalFirstPage));
        byte[] text = Encoding.ASCII.GetBytes(line.PadRight(32)[..32]);
        text.CopyTo(pages[page], (int)(counter % 128) * 32);
        dirty.Add(page);
    }

    public int PageCount => pages.Count;

    public int DirtyPageCount => dirty.Count;

    public IReadOnlyList<int> TakeDirtyPages()
    {
        int[] taken = dirty.ToArray();
        dirty.Clear();
        return taken;
    }

    public void ReadPage(int index, Span<byte> destination) => pages[index].CopyTo(destination);

    public void WritePage(int index, ReadOnlySpan<byte> source)
    {
        source.CopyTo(pages[index]);
        dirty.Add(index);
    }

    /// <summary>A test's own write into guest memory (as the guest would make it).</summary>
    public void Poke(int page, int offset, byte value)
    {
        pages[page][offset] = value;
        dirty.Add(page);
    }

    public byte Peek(int page, int offset) => pages[page][offset];

    public void GrowTo(int pageCount)
    {
        while (pages.Count < pageCount)
        {
            pages.Add(new byte[IGuestMachine.PageBytes]);
            dirty.Add(pages.Count - 1);
        }
    }

    public byte[] CaptureGlobals() => (byte[])Globals.Clone();

    public void RestoreGlobals(ReadOnlySpan<byte> encoded) => Globals = encoded.ToArray();

    public byte[] CaptureTable() => (byte[])Table.Clone();

    public void RestoreTable(ReadOnlySpan<byte> encoded) => Table = encoded.ToArray();

    public byte[] CaptureLibraryOs()
    {
        var bytes = new List<byte>();
        foreach ((ulong id, Connection c) in connections)
        {
            bytes.AddRange(BitConverter.GetBytes(id));
            bytes.Add(c.PeerClosed ? (byte)1 : (byte)0);
            bytes.AddRange(BitConverter.GetBytes(c.Input.Count));
            bytes.AddRange(c.Input);
        }
        return bytes.ToArray();
    }

    public void RestoreLibraryOs(ReadOnlySpan<byte> encoded)
    {
        connections.Clear();
        int at = 0;
        while (at < encoded.Length)
        {
            ulong id = BitConverter.ToUInt64(encoded[at..]);
            var c = new Connection { PeerClosed = encoded[at + 8] == 1 };
            int count = BitConverter.ToInt32(encoded[(at + 9)..]);
            c.Input.AddRange(encoded.Slice(at + 13, count).ToArray());
            connections[id] = c;
            at += 13 + count;
        }
    }

    public IReadOnlyCollection<ulong> LiveConnections => connections.Keys;

    public void Dispose()
    {
    }

    private sealed class Connection
    {
        public List<byte> Input { get; } = [];

        public bool PeerClosed { get; set; }
    }
}
