using Plover.Linearizability.Resp;

namespace Plover.Guests.Tests;

/// <summary>Expected replies, and a structural comparison (arrays compare item by item).</summary>
internal static class Replies
{
    public static RespReply Ok => new RespReply.Status("OK");
    public static RespReply Status(string text) => new RespReply.Status(text);
    public static RespReply Bulk(string value) => new RespReply.Bulk(value);
    public static RespReply Nil => new RespReply.Bulk(null);
    public static RespReply Int(long value) => new RespReply.Integer(value);
    public static RespReply Err(string message) => new RespReply.Error(message);
    public static RespReply Arr(params RespReply[] items) => new RespReply.Array(items);
    public static RespReply Bulks(params string?[] values) => new RespReply.Array(values.Select(v => (RespReply)new RespReply.Bulk(v)).ToArray());

    public static bool Same(RespReply expected, RespReply actual) => (expected, actual) switch
    {
        (RespReply.Array { Items: { } e }, RespReply.Array { Items: { } a }) => e.Count == a.Count && e.Zip(a).All(p => Same(p.First, p.Second)),
        _ => expected.Equals(actual),
    };

    public static void Expect(RespReply expected, RespReply actual) =>
        Assert.True(Same(expected, actual), $"expected {expected}, got {actual}");

    /// <summary>Sends one command and asserts its reply.</summary>
    public static async Task ExpectAsync(this RespConnection connection, RespReply expected, params string[] command)
    {
        RespReply actual = await connection.CallAsync(command);
        Assert.True(Same(expected, actual), $"{string.Join(' ', command)}: expected {expected}, got {actual}");
    }
}
