namespace Plover.Engine.FrontDoor;

/// <summary>A client's input stayed at <see cref="ClientInputBudget.ConnectionBytesMax"/> without executing for <see cref="ClientInputBudget.StalledTimeout"/>: the client is closed.</summary>
public sealed class ClientInputStalledException(ulong connection, long unexecutedBytes, TimeSpan stuckFor)
    : Exception($"connection {connection:x}: {unexecutedBytes} bytes read and not executed for {stuckFor.TotalSeconds:F1} s (limit {ClientInputBudget.ConnectionBytesMax} bytes, timeout {ClientInputBudget.StalledTimeout.TotalSeconds:F0} s)")
{
    public ulong Connection { get; } = connection;
}
