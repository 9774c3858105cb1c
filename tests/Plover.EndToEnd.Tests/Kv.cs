using System.Net;
using Plover.Linearizability.Resp;

namespace Plover.EndToEnd.Tests;

/// <summary>Short RESP exchanges with a node, for checks.</summary>
internal static class Kv
{
    public static async Task<RespConnection> ConnectAsync(IPEndPoint node) =>
        await RespConnection.ConnectAsync(node.Address.ToString(), node.Port, TimeSpan.FromSeconds(10));

    public static async Task<string> CallAsync(IPEndPoint node, params string[] arguments)
    {
        await using RespConnection connection = await ConnectAsync(node);
        return Describe(await connection.CallAsync(arguments));
    }

    public static string Describe(RespReply reply) => reply.ToString() ?? "";
}
