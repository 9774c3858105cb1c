namespace Plover.Sandbox.Guest;

/// <summary>
/// A valid module that cannot run as a Plover guest: no <c>_start</c> or memory, Asyncify exports
/// of an unexpected shape, or a network service that was not prepared with Asyncify.
/// </summary>
public sealed class GuestModuleException(string message) : Exception(message);
