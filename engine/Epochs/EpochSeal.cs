namespace Plover.Engine.Epochs;

/// <summary>
/// A guest's state sealed at an epoch boundary: its digest, the pages it dirtied since the previous
/// seal with the hashes those pages had before, and the encodings of globals, table and library OS
/// (kept to send them without capturing again).
/// </summary>
public sealed record EpochSeal(
    StateDigest Digest,
    IReadOnlyList<int> DirtyPages,
    IReadOnlyList<ulong> PreviousHashes,
    byte[] Globals,
    byte[] Table,
    byte[] OsState);
