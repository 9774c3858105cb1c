namespace Plover.Faults;

/// <summary>The harness itself could not do what it had to (set up namespaces, start a node, reach a status endpoint): not a finding about the system under test.</summary>
public sealed class FaultHarnessException(string message, Exception? inner = null) : Exception(message, inner);
