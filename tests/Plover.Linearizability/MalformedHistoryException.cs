namespace Plover.Linearizability;

/// <summary>A history that cannot be checked as given: names the operation and what is wrong.</summary>
public sealed class MalformedHistoryException(int operationIndex, string problem)
    : ArgumentException($"history operation #{operationIndex}: {problem}")
{
    public int OperationIndex { get; } = operationIndex;
}
