using Plover.Engine.Wire;

namespace Plover.Engine.Transport;

/// <summary>Live counters for one peer, by frame kind; updated by the connection loops, read as snapshots.</summary>
internal sealed class PeerTraffic
{
    private readonly long[] framesSent = new long[FrameKinds.Count];
    private readonly long[] bytesSent = new long[FrameKinds.Count];
    private readonly long[] framesReceived = new long[FrameKinds.Count];
    private readonly long[] bytesReceived = new long[FrameKinds.Count];
    private long connectionsOpened;
    private long frameErrors;
    private long writes;

    public PeerTraffic(uint peerId)
    {
        PeerId = peerId;
    }

    public uint PeerId { get; }

    public void RecordSent(Envelope.KindOneofCase kind, int bytes)
    {
        int index = FrameKinds.IndexOf(kind);
        Interlocked.Increment(ref framesSent[index]);
        Interlocked.Add(ref bytesSent[index], bytes);
    }

    public void RecordReceived(Envelope.KindOneofCase kind, int bytes)
    {
        int index = FrameKinds.IndexOf(kind);
        Interlocked.Increment(ref framesReceived[index]);
        Interlocked.Add(ref bytesReceived[index], bytes);
    }

    /// <summary>One write call to the TLS stream, however many frames it carried.</summary>
    public void RecordWrite() => Interlocked.Increment(ref writes);

    public void RecordConnectionOpened() => Interlocked.Increment(ref connectionsOpened);

    public void RecordFrameError() => Interlocked.Increment(ref frameErrors);

    public PeerTrafficSnapshot Snapshot()
    {
        var kinds = new FrameKindTraffic[FrameKinds.Count];
        for (int i = 0; i < kinds.Length; i++)
        {
            kinds[i] = new FrameKindTraffic(FrameKinds.All[i],
                Interlocked.Read(ref framesSent[i]), Interlocked.Read(ref bytesSent[i]),
                Interlocked.Read(ref framesReceived[i]), Interlocked.Read(ref bytesReceived[i]));
        }
        return new PeerTrafficSnapshot(PeerId, kinds, Interlocked.Read(ref writes),
            Interlocked.Read(ref connectionsOpened), Interlocked.Read(ref frameErrors));
    }
}
