using System.Net.Sockets;
using System.Text;
using Plover.Linearizability.Resp;

namespace Plover.Cli.Tests.Run;

/// <summary>
/// `plover run GUEST --listen HOST:PORT`: a prepared guest serves real TCP clients; Ctrl-C and
/// SIGTERM stop it cleanly; a guest that exits or traps ends the server with its code; what
/// cannot serve is refused. (The kv test suite runs against it too: PloverRunKvTests in Plover.Guests.Tests.)
/// </summary>
public class ListenTests
{
    private const int SigInt = 2, SigTerm = 15;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    // Accepts one connection, sends "bye\n", closes it and exits with code 3.
    private const string GoodbyeGuest = """
        (module
          (import "wasi_snapshot_preview1" "sock_accept" (func $accept (param i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "sock_send" (func $send (param i32 i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 1)
          (data (i32.const 0x400) "bye\n")
          (func (export "_start")
            (if (call $accept (i32.const 3) (i32.const 0) (i32.const 0x100)) (then (call $exit (i32.const 1))))
            (i32.store (i32.const 0x200) (i32.const 0x400))
            (i32.store (i32.const 0x204) (i32.const 4))
            (drop (call $send (i32.load (i32.const 0x100)) (i32.const 0x200) (i32.const 1) (i32.const 0) (i32.const 0x300)))
            (drop (call $close (i32.load (i32.const 0x100))))
            (call $exit (i32.const 3))))
        """;

    [Theory]
    [InlineData(SigInt)]
    [InlineData(SigTerm)]
    public async Task ServesKvAndStopsCleanlyOnASignal(int signal)
    {
        await using PloverServer server = await PloverServer.StartAsync(Repository.Guest("kv.wasm"));
        await using (RespConnection client = await RespConnection.ConnectAsync("127.0.0.1", server.Port))
        {
            Assert.Equal("+OK", Show(await client.CallAsync("SET", "k", "v")));
            Assert.Equal("$v", Show(await client.CallAsync("GET", "k")));
        }
        server.Signal(signal);
        Assert.Equal(0, await server.ExitCodeAsync(StopTimeout));
        Assert.Equal("", server.StandardError);
    }

    [Fact]
    public async Task AGuestThatExitsEndsTheServerWithItsCode()
    {
        using var dir = new TempDirectory();
        string prepared = await Prepare(GoodbyeGuest, dir);
        await using PloverServer server = await PloverServer.StartAsync(prepared);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.Port);
        var received = new MemoryStream();
        var buffer = new byte[64];
        int n;
        while ((n = await socket.ReceiveAsync(buffer)) > 0) received.Write(buffer, 0, n);
        Assert.Equal("bye\n", Encoding.ASCII.GetString(received.ToArray()));
        Assert.Equal(3, await server.ExitCodeAsync(StopTimeout));
    }

    [Fact]
    public async Task AGuestThatTrapsEndsTheServerWith134()
    {
        using var dir = new TempDirectory();
        string prepared = await Prepare(GoodbyeGuest.Replace("(call $exit (i32.const 3))))", "unreachable))"), dir);
        await using PloverServer server = await PloverServer.StartAsync(prepared);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.Port);
        Assert.Equal(134, await server.ExitCodeAsync(StopTimeout));
        Assert.Contains("the guest trapped: wasm trap: unreachable", server.StandardError);
    }

    [Fact]
    public async Task AnUnpreparedGuestCannotServe()
    {
        Tool.Result result = await Tool.PloverAsync(["run", Repository.Guest("kv.raw.wasm"), "--listen", "127.0.0.1:0"]);
        Assert.Equal(125, result.ExitCode);
        Assert.Contains("must be prepared with Asyncify (plover prepare)", result.Stderr);
    }

    [Theory]
    [InlineData("--listen", "127.0.0.1")]
    [InlineData("--listen", "127.0.0.1:99999")]
    [InlineData("--dir", "/tmp")]
    public async Task BadServingOptionsAreRefused(string option, string value)
    {
        string[] extra = option == "--dir" ? ["--listen", "127.0.0.1:0", option, value] : [option, value];
        Tool.Result result = await Tool.PloverAsync(["run", Repository.Guest("kv.wasm"), .. extra]);
        Assert.Equal(125, result.ExitCode);
        Assert.NotEqual("", result.Stderr);
    }

    private static async Task<string> Prepare(string wat, TempDirectory dir)
    {
        string raw = await Tool.WatToWasmAsync(wat, dir.Path, "guest");
        Tool.Result prepared = await Tool.PloverAsync(["prepare", raw, "-o", dir.File("guest.prepared.wasm")]);
        Assert.True(prepared.ExitCode == 0, prepared.ToString());
        return dir.File("guest.prepared.wasm");
    }

    private static string Show(RespReply reply) => reply switch
    {
        RespReply.Status s => $"+{s.Text}",
        RespReply.Bulk b => $"${b.Value}",
        _ => reply.ToString() ?? "",
    };
}
