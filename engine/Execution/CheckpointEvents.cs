using Plover.Engine.Wire;

namespace Plover.Engine.Execution;

/// <summary>Consensus installed the leader's snapshot at <paramref name="Slot"/> (its log resumes after it): take that checkpoint's state by transfer before anything later.</summary>
public sealed record CheckpointInstall(ulong Slot, byte[] Payload) : ExecutorEvent;

/// <summary>A part of a state transfer from the leader.</summary>
public sealed record TransferPartReceived(uint From, StateTransferPart Part) : ExecutorEvent;
