using Plover.Consensus;

namespace Plover.Simulation;

/// <summary>
/// The cluster's client. During the safety phase it fires proposals at whichever node it believes
/// leads (following "not leader, leader is X" hints); after healing it runs a few operations, each
/// retried with a fresh proposal until one is acknowledged. A proposal is acknowledged when the
/// replica that accepted it applies it, as a real primary would answer its client.
/// </summary>
internal sealed class SimulatedClient
{
    private const long RetryMicros = 30_000;

    private readonly Simulation _sim;
    private readonly DeterministicRandom _random;
    private readonly Dictionary<ulong, int> _operationOfId = [];
    private readonly HashSet<int> _doneOperations = [];
    private ulong _nextId = 1;
    private int? _leaderGuess;

    public SimulatedClient(Simulation sim, DeterministicRandom random)
    {
        _sim = sim;
        _random = random;
    }

    public long Proposed { get; private set; }

    public long Acknowledged { get; private set; }

    public int OperationsStarted { get; private set; }

    public bool AllOperationsDone => _doneOperations.Count == OperationsStarted;

    /// <summary>One proposal at the believed leader. Returns whether a replica accepted it.</summary>
    public bool ProposeOnce(out ulong id)
    {
        id = _nextId++;
        int target = _leaderGuess ?? (int)_random.NextInRange(1, _sim.Replicas.Count);
        byte[] payload = Payloads.Make(id, (int)_random.NextInRange(0, _sim.Options.PayloadFillerBytesMax));
        // Registered before the call: the node may place it in a slot (and a majority choose it) at once.
        _sim.Checker.OnProposed(id);
        ProposeResult? result = _sim.Replicas[target - 1].Propose(id, payload);
        if (result is { IsAccepted: true })
        {
            Proposed++;
            return true;
        }
        _leaderGuess = result is { Status: ProposeStatus.NotLeader, LeaderId: { } hint } ? hint : null;
        return false;
    }

    /// <summary>Proposes <paramref name="count"/> payloads, following leader hints; returns how many were accepted.</summary>
    public int ProposeBurst(int count)
    {
        int accepted = 0;
        for (int i = 0; i < count && (accepted > 0 || i < 3 * _sim.Replicas.Count); i++)
        {
            if (ProposeOnce(out _)) accepted++;
        }
        return accepted;
    }

    public void StartOperations(int count)
    {
        for (int i = 0; i < count; i++)
        {
            int operation = OperationsStarted++;
            _sim.Schedule(_sim.Now + i * 1_000, new OperationEvent(operation, 0));
        }
    }

    /// <summary>An attempt of an operation is due (first try, retry, or the previous attempt timed out).</summary>
    public void OnOperation(OperationEvent e)
    {
        if (_doneOperations.Contains(e.Operation)) return;
        bool accepted = ProposeOnce(out ulong id);
        if (accepted) _operationOfId[id] = e.Operation;
        long wait = accepted ? _sim.Options.OperationTimeoutMicros : RetryMicros;
        _sim.Schedule(_sim.Now + wait, new OperationEvent(e.Operation, e.Attempt + 1));
    }

    /// <summary>A replica applied proposal <paramref name="id"/> that it had accepted from this client.</summary>
    public void OnAcknowledged(ulong id, ulong slot, int index, int replica)
    {
        Acknowledged++;
        _leaderGuess = replica;
        _sim.Checker.OnAcknowledged(id, slot, index);
        if (_operationOfId.Remove(id, out int operation)) _doneOperations.Add(operation);
    }
}
