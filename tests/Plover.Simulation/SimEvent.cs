using Plover.Consensus.Messages;

namespace Plover.Simulation;

/// <summary>One thing that happens at a point of virtual time. Events are immutable once scheduled.</summary>
internal abstract class SimEvent
{
    public abstract string Describe();

    /// <summary>Mixes the event's identifying fields into the trace hash.</summary>
    public abstract void MixInto(TraceRecorder trace);

    protected static void MixText(TraceRecorder trace, string text)
    {
        ulong hash = 0xCBF29CE484222325UL;
        foreach (char c in text) hash = (hash ^ c) * 0x100000001B3UL;
        trace.Mix(hash);
    }
}

internal sealed class TickEvent(int node, int incarnation) : SimEvent
{
    public int Node { get; } = node;
    public int Incarnation { get; } = incarnation;
    public override string Describe() => $"tick n{Node}";
    public override void MixInto(TraceRecorder trace) { trace.Mix(1); trace.Mix(Node); }
}

internal sealed class DeliverEvent(int from, int to, byte[] bytes) : SimEvent
{
    public int From { get; } = from;
    public int To { get; } = to;
    public byte[] Bytes { get; } = bytes;

    public override string Describe()
    {
        try { return $"deliver n{From}->n{To} {MessageText.Describe(MessageCodec.Decode(Bytes))}"; }
        catch (MessageFormatException e) { return $"deliver n{From}->n{To} undecodable: {e.Message}"; }
    }

    public override void MixInto(TraceRecorder trace)
    {
        trace.Mix(2);
        trace.Mix(From * 256 + To);
        ulong hash = (ulong)Bytes.Length;
        foreach (byte b in Bytes) hash = (hash ^ b) * 0x100000001B3UL;
        trace.Mix(hash);
    }
}

internal sealed class PersistDoneEvent(int node, int incarnation, ulong readyNumber) : SimEvent
{
    public int Node { get; } = node;
    public int Incarnation { get; } = incarnation;
    public ulong ReadyNumber { get; } = readyNumber;
    public override string Describe() => $"persist done n{Node} ready #{ReadyNumber}";
    public override void MixInto(TraceRecorder trace) { trace.Mix(3); trace.Mix(Node); trace.Mix(ReadyNumber); }
}

internal sealed class CrashEvent(int node) : SimEvent
{
    public int Node { get; } = node;
    public override string Describe() => $"CRASH n{Node}";
    public override void MixInto(TraceRecorder trace) { trace.Mix(4); trace.Mix(Node); }
}

/// <summary>A crash that also destroys the node's disk: it restarts from an empty store, to be rebuilt.</summary>
internal sealed class DiskLossEvent(int node) : SimEvent
{
    public int Node { get; } = node;
    public override string Describe() => $"DISK LOST n{Node}";
    public override void MixInto(TraceRecorder trace) { trace.Mix(17); trace.Mix(Node); }
}

internal sealed class RestartEvent(int node) : SimEvent
{
    public int Node { get; } = node;
    public override string Describe() => $"RESTART n{Node}";
    public override void MixInto(TraceRecorder trace) { trace.Mix(5); trace.Mix(Node); }
}

internal sealed class PauseEvent(int node, long micros) : SimEvent
{
    public int Node { get; } = node;
    public long Micros { get; } = micros;
    public override string Describe() => $"PAUSE n{Node} for {Micros / 1000.0:F1} ms";
    public override void MixInto(TraceRecorder trace) { trace.Mix(6); trace.Mix(Node); trace.Mix(Micros); }
}

internal sealed class ResumeEvent(int node, long pauseId) : SimEvent
{
    public int Node { get; } = node;
    public long PauseId { get; } = pauseId;
    public override string Describe() => $"resume n{Node}";
    public override void MixInto(TraceRecorder trace) { trace.Mix(7); trace.Mix(Node); trace.Mix(PauseId); }
}

/// <summary>A set of directed links taken down together (a partition) and later restored.</summary>
internal sealed record LinkCut(string Name, IReadOnlyList<(int From, int To)> Links);

internal sealed class LinkCutEvent(LinkCut cut, bool restore) : SimEvent
{
    public LinkCut Cut { get; } = cut;
    public bool Restore { get; } = restore;
    public override string Describe() => $"{(Restore ? "heal" : "PARTITION")} {Cut.Name}";
    public override void MixInto(TraceRecorder trace)
    {
        trace.Mix(Restore ? 9 : 8);
        foreach ((int from, int to) in Cut.Links) trace.Mix(from * 256 + to);
    }
}

/// <summary>The fault kinds that arrive as Poisson processes during the safety phase.</summary>
internal enum FaultKind { Partition, Crash, Pause }

internal sealed class FaultArrivalEvent(FaultKind kind) : SimEvent
{
    public FaultKind Kind { get; } = kind;
    public override string Describe() => $"fault arrival: {Kind}";
    public override void MixInto(TraceRecorder trace) { trace.Mix(10); trace.Mix((long)Kind); }
}

internal sealed class ProposeEvent : SimEvent
{
    public override string Describe() => "client proposes";
    public override void MixInto(TraceRecorder trace) => trace.Mix(11);
}

internal sealed class OperationEvent(int operation, int attempt) : SimEvent
{
    public int Operation { get; } = operation;
    public int Attempt { get; } = attempt;
    public override string Describe() => $"client operation {Operation} attempt {Attempt}";
    public override void MixInto(TraceRecorder trace) { trace.Mix(12); trace.Mix(Operation); trace.Mix(Attempt); }
}

internal sealed class HealEvent : SimEvent
{
    public override string Describe() => "HEAL: safety phase over, every fault healed, liveness phase begins";
    public override void MixInto(TraceRecorder trace) => trace.Mix(13);
}

internal sealed class ConvergenceCheckEvent : SimEvent
{
    public override string Describe() => "convergence check";
    public override void MixInto(TraceRecorder trace) => trace.Mix(14);
}

/// <summary>Something the simulation observed (a leadership change, an acknowledgement), kept in the trace.</summary>
internal sealed class NoteEvent(string text) : SimEvent
{
    public string Text { get; } = text;
    public override string Describe() => Text;
    public override void MixInto(TraceRecorder trace) { trace.Mix(15); MixText(trace, Text); }
}
