using Plover.Consensus.Messages;

namespace Plover.Consensus;

/// <summary>A message for the host to send to node <see cref="To"/> once the Ready's writes are synced.</summary>
public readonly record struct OutboundMessage(int To, PaxosMessage Message);
