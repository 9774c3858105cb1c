using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Wasi.Descriptors;

/// <summary>Which of the three standard streams.</summary>
internal enum StdioStream : byte
{
    Input = 0,
    Output = 1,
    Error = 2,
}

/// <summary>
/// Standard input, output or error: a character device backed by a stream the embedder gives
/// (the host's stdio for <c>plover run</c>, capture buffers for a replicated guest). A missing
/// stream reads as end-of-file and discards writes.
/// </summary>
internal sealed class StdioDescriptor(StdioStream which, Stream? stream, WasiRights rightsBase, WasiFdFlags flags)
    : Descriptor(rightsBase, WasiRights.None, flags)
{
    public StdioStream Which { get; } = which;

    public Stream? Stream { get; } = stream;

    public override WasiFiletype Filetype => WasiFiletype.CharacterDevice;

    public static WasiRights DefaultRights(StdioStream which) =>
        which == StdioStream.Input ? DescriptorRights.Stdin : DescriptorRights.StdOutput;

    // The embedder owns the stream; closing fd 1 must not close the host's stdout.
    public override void Close() { }
}
