using Plover.Sandbox.Wasi.Network;

namespace Plover.Engine.Execution;

/// <summary>
/// The guest's outputs, held until the epoch that produced them may be released: the executor tags
/// each with the epoch open when it was made, and <see cref="ReleaseThrough"/> passes on, in order,
/// every output of an epoch a majority holds. On a host that is not the primary, outputs are dropped
/// (the primary's are the ones clients see).
/// </summary>
public sealed class OutputBuffer(IOutputRouter router) : IWasiNetworkSink
{
    /// <summary>Above this many unreleased bytes the primary should end the epoch early.</summary>
    public const long PendingBytesSoftMax = 64L << 20;

    private readonly Queue<(ulong Epoch, OutputEvent Output)> held = new();
    private ulong openEpoch;
    private ulong majorityHolds;

    /// <summary>Whether outputs are kept (this host is the primary) or dropped.</summary>
    public bool Keeping { get; private set; }

    /// <summary>Outputs waiting for their epoch.</summary>
    public int PendingCount => held.Count;

    public long PendingBytes { get; private set; }

    /// <summary>Whether any output waits in the epoch still open (it needs an epoch end to go out).</summary>
    public bool HasOutputInOpenEpoch => held.Count > 0 && held.Last().Epoch == openEpoch;

    public long Released { get; private set; }

    /// <summary>Outputs made from now on belong to <paramref name="epoch"/>.</summary>
    public void Open(ulong epoch)
    {
        Invariant.Require(epoch >= openEpoch, $"epochs open in order ({epoch} after {openEpoch})");
        openEpoch = epoch;
    }

    /// <summary>Starts keeping outputs (this host became the primary) or stops and drops what is held.</summary>
    public void Keep(bool keep)
    {
        Keeping = keep;
        if (keep) return;
        held.Clear();
        PendingBytes = 0;
    }

    /// <summary>
    /// A majority holds the state of every epoch up to <paramref name="epoch"/> (the sync's record:
    /// a backup acknowledged it or its digest was equal): release their outputs, in order.
    /// </summary>
    public void ReleaseThrough(ulong epoch)
    {
        Invariant.Require(epoch <= openEpoch, $"epoch {epoch} cannot be held by a majority before it ended (open epoch {openEpoch})");
        if (epoch > majorityHolds) majorityHolds = epoch;
        while (held.TryPeek(out var head) && head.Epoch <= majorityHolds)
        {
            held.Dequeue();
            PendingBytes -= head.Output.Data?.Length ?? 0;
            Released++;
            router.Release(head.Output);
        }
    }

    /// <summary>Releases everything at once (modes where an output is final when made: smr after commit, none).</summary>
    public void ReleaseAll()
    {
        majorityHolds = openEpoch;
        ReleaseThrough(openEpoch);
    }

    public void Send(ulong connectionId, ReadOnlySpan<byte> bytes) => Hold(OutputEvent.Bytes(connectionId, bytes.ToArray()));

    public void ShutdownSend(ulong connectionId) => Hold(OutputEvent.ShutdownOf(connectionId));

    public void Close(ulong connectionId) => Hold(OutputEvent.CloseOf(connectionId));

    public void ResumeReceiving(ulong connectionId)
    {
        if (Keeping) router.ResumeReceiving(connectionId);
    }

    private void Hold(OutputEvent output)
    {
        if (!Keeping) return;
        held.Enqueue((openEpoch, output));
        PendingBytes += output.Data?.Length ?? 0;
    }
}
