namespace Plover.Consensus;

/// <summary>
/// A snapshot from the leader that the host must install: its opaque payload (produced by the
/// leader's host) covers every slot up to and including <see cref="Slot"/>; the log continues at
/// Slot + 1.
/// </summary>
public sealed record SnapshotInstall(ulong Slot, byte[] Payload);
