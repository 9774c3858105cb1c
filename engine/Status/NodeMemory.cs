namespace Plover.Engine.Status;

/// <summary>
/// Where a node's memory is held at one moment: the managed heap as the GC sees it, and the bytes
/// of client input on their way to the guest in each queue of the input path.
/// </summary>
public sealed record NodeMemory
{
    /// <summary>Managed heap after the last collection (live objects plus fragmentation).</summary>
    public long GcHeapBytes { get; init; }

    /// <summary>Memory the GC has committed from the OS (what shows in the resident set).</summary>
    public long GcCommittedBytes { get; init; }

    /// <summary>Heap size by generation after the last collection: 0, 1, 2, large objects, pinned objects.</summary>
    public IReadOnlyList<long> GcGenerationBytes { get; init; } = [];

    /// <summary>Free space inside the heap after the last collection.</summary>
    public long GcFragmentedBytes { get; init; }

    /// <summary>Full (generation 2) collections so far.</summary>
    public int GcFullCollections { get; init; }

    /// <summary>Client input waiting in the batcher for a proposal (0 unless this node leads).</summary>
    public long BatcherPendingBytes { get; init; }

    /// <summary>Committed log payloads handed to the executor and not yet executed.</summary>
    public long CommittedUnexecutedBytes { get; init; }

    /// <summary>Bytes read from this node's client sockets and not yet executed (the front door's budget).</summary>
    public long ClientUnexecutedBytes { get; init; }

    /// <summary>Log slots consensus keeps in memory (from its first slot to its last).</summary>
    public ulong LogSlotsInMemory { get; init; }

    public static NodeMemory Measure()
    {
        GCMemoryInfo gc = GC.GetGCMemoryInfo();
        return new NodeMemory
        {
            GcHeapBytes = gc.HeapSizeBytes,
            GcCommittedBytes = gc.TotalCommittedBytes,
            GcGenerationBytes = [.. gc.GenerationInfo.ToArray().Select(g => g.SizeAfterBytes)],
            GcFragmentedBytes = gc.FragmentedBytes,
            GcFullCollections = GC.CollectionCount(2),
        };
    }
}
