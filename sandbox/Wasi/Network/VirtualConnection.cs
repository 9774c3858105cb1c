namespace Plover.Sandbox.Wasi.Network;

/// <summary>One client connection of the virtual network, from Connect until the guest closes it.</summary>
internal sealed class VirtualConnection(ulong id)
{
    public ulong Id { get; } = id;

    /// <summary>Bytes delivered that the guest has not read.</summary>
    public ByteQueue Input { get; } = new();

    /// <summary>The client will send nothing more: reads return end-of-file once drained.</summary>
    public bool PeerClosed { get; set; }

    /// <summary>The guest shut down its reading side: reads return end-of-file, input is dropped.</summary>
    public bool ReadShutdown { get; set; }

    /// <summary>The guest shut down its writing side: sends fail with EPIPE.</summary>
    public bool WriteShutdown { get; set; }

    /// <summary>Deliver reported Full and the embedder has not yet been told to resume.</summary>
    public bool InputPaused { get; set; }

    /// <summary>The guest accepted it (it has a descriptor); otherwise it waits in the accept queue.</summary>
    public bool Accepted { get; set; }

    /// <summary>No more bytes can arrive and none are left: a read returns end-of-file.</summary>
    public bool AtEndOfInput => ReadShutdown || (PeerClosed && Input.Count == 0);
}
