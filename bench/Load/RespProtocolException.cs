namespace Plover.Bench.Load;

/// <summary>
/// A reply that is not well-formed RESP: the byte stream can no longer be split into replies, so
/// the connection it arrived on is given up (and the error is counted and reported).
/// </summary>
public sealed class RespProtocolException(string message) : Exception(message);
