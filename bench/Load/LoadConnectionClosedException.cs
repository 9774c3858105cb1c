namespace Plover.Bench.Load;

/// <summary>The server closed a load connection while requests were in flight.</summary>
public sealed class LoadConnectionClosedException(string message) : Exception(message);
