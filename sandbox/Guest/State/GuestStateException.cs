namespace Plover.Sandbox.Guest.State;

/// <summary>
/// State that does not fit this machine: another module's or configuration's, a memory that would
/// have to shrink, an externref that cannot be captured, a buffer made for another size.
/// </summary>
public sealed class GuestStateException(string message) : Exception(message);
