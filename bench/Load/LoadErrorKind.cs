namespace Plover.Bench.Load;

public enum LoadErrorKind
{
    /// <summary>The server answered with an error reply (-ERR ...).</summary>
    ServerError,
    /// <summary>Well-formed RESP that this request cannot get (wrong type, wrong value size).</summary>
    WrongReply,
    /// <summary>Bytes that are not RESP; the connection is given up.</summary>
    ProtocolError,
    /// <summary>The connection failed (refused, reset, closed by the server); counted once per connection.</summary>
    ConnectionFailure,
    /// <summary>Requests still unanswered when the run's drain time ran out.</summary>
    Unanswered,
}
