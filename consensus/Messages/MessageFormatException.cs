namespace Plover.Consensus.Messages;

/// <summary>
/// A message (or an encoded slot value) that cannot be decoded: truncated, overlong, out of range or
/// of an unknown kind. <see cref="Field"/> names what was being read and <see cref="Offset"/> where.
/// </summary>
public sealed class MessageFormatException : Exception
{
    public MessageFormatException(string field, int offset, string problem)
        : base($"malformed Paxos message: {field} at byte {offset}: {problem}")
    {
        Field = field;
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The field being read, as a path (e.g. "Accept.values[3].payloads[0]").</summary>
    public string Field { get; }

    public int Offset { get; }

    public string Problem { get; }

    /// <summary>The same error with <paramref name="outer"/> prefixed to the field path.</summary>
    public MessageFormatException Within(string outer) => new($"{outer}.{Field}", Offset, Problem);
}
