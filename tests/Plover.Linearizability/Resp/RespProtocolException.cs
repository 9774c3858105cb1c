namespace Plover.Linearizability.Resp;

/// <summary>The server sent bytes that are not RESP2; the message says what and at which offset of the reply.</summary>
public sealed class RespProtocolException(string message) : IOException(message);
