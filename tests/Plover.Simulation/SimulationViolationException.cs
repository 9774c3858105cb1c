namespace Plover.Simulation;

/// <summary>A violated safety or liveness property, detected by the simulator's checks.</summary>
public sealed class SimulationViolationException(string message) : Exception(message);
