namespace Plover.Bench.Load;

/// <summary>What one reply says about the request it answers.</summary>
public enum ReplyVerdict
{
    /// <summary>The buffer ends before the reply does.</summary>
    Incomplete,
    /// <summary>The reply the request should get: +OK for SET, nil or a value of the workload's size for GET.</summary>
    Valid,
    /// <summary>An error reply (-ERR, -OOM, ...).</summary>
    ServerError,
    /// <summary>Well-formed RESP, but not a reply this request can get (wrong type, wrong size).</summary>
    WrongReply,
}
