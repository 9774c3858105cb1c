using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Plover.Cli.Run;
using Plover.Sandbox;
using Plover.Sandbox.Guest;
using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Time;

namespace Plover.Cli.Commands;

/// <summary>
/// `plover run GUEST.wasm --listen HOST:PORT`: one unreplicated guest serving real TCP clients.
/// `plover run PROG.wasm [-- ARGS]`: a plain WASI command with the host's stdio and --dir preopens.
/// Exit code: the guest's; 134 when it trapped or hit a limit; 125 when it could not be run.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var guest = new Argument<string>("guest") { Description = "The WASI module to run (.wasm); a server must be prepared (plover prepare)." };
        var arguments = new Argument<string[]>("args") { Description = "Arguments for the guest (after --).", Arity = ArgumentArity.ZeroOrMore };
        var listen = new Option<string?>("--listen") { Description = "Serve TCP clients on HOST:PORT through the guest's fd 3 (port 0 picks one; the chosen one is printed)." };
        var dirs = new Option<string[]>("--dir") { Description = "Preopen a host directory: HOST_DIR or HOST_DIR::GUEST_DIR (repeatable; commands only)." };
        var env = new Option<string[]>("--env") { Description = "Set an environment variable for the guest: NAME=VALUE (repeatable)." };
        var fuel = new Option<long?>("--fuel") { Description = "Fuel per run (function entries and loop iterations); the guest fails when a run uses it up." };
        var memory = new Option<uint?>("--max-memory-pages") { Description = "Most 64 KiB pages the guest's memory may reach (default 65536, i.e. 4 GiB)." };
        var command = new Command("run", "Run a WASI guest alone: a network service (--listen) or a plain command.")
        {
            guest, arguments, listen, dirs, env, fuel, memory,
        };
        command.SetAction(parse => Run(new RunRequest(
            parse.GetValue(guest)!, parse.GetValue(arguments) ?? [], parse.GetValue(listen), parse.GetValue(dirs) ?? [],
            parse.GetValue(env) ?? [], parse.GetValue(fuel), parse.GetValue(memory))));
        return command;
    }

    private sealed record RunRequest(string Guest, string[] Arguments, string? Listen, string[] Dirs, string[] Env, long? Fuel, uint? MemoryPages);

    private static int Run(RunRequest request)
    {
        try
        {
            Module module = Module.Compile(File.ReadAllBytes(request.Guest));
            GuestMachineOptions options = Options(request);
            return request.Listen is null
                ? CommandProgram.Run(module, options with { Wasi = CommandConfiguration(request) }, request.Guest)
                : Serve(module, options, request);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or WasmModuleException or WasmLinkException or WasiLinkException
                                       or GuestModuleException or WasmLimitException or FormatException or ArgumentException or SocketException)
        {
            Console.Error.WriteLine($"plover run: {request.Guest}: {e.Message}");
            return RunExitCodes.CannotRun;
        }
        catch (WasmTrap trap)
        {
            Console.Error.WriteLine($"plover run: {request.Guest}: instantiation trapped: {trap.Message}");
            return RunExitCodes.GuestFailed;
        }
    }

    private static GuestMachineOptions Options(RunRequest request) => new()
    {
        FuelPerRun = request.Fuel,
        MemoryPagesLimit = request.MemoryPages ?? 65536,
        CallStackBytes = GuestThread.CallStackBytes,
    };

    private static WasiConfiguration CommandConfiguration(RunRequest request) => new()
    {
        Arguments = [request.Guest, .. request.Arguments],
        Environment = Environment(request.Env),
        Stdin = Console.OpenStandardInput(),
        Stdout = Console.OpenStandardOutput(),
        Stderr = Console.OpenStandardError(),
        PreopenedDirectories = request.Dirs.Select(Preopen).ToList(),
        Nondeterminism = WasiNondeterminism.Passthrough(),
    };

    private static int Serve(Module module, GuestMachineOptions options, RunRequest request)
    {
        if (request.Dirs.Length > 0) throw new ArgumentException("--dir is for commands: a network service reaches no host files");
        IPEndPoint endpoint = ListenEndpoint.Parse(request.Listen!);
        using GuestTcpServer server = GuestTcpServer.Listen(endpoint);
        var wasi = new WasiConfiguration
        {
            Arguments = [request.Guest, .. request.Arguments],
            Environment = Environment(request.Env),
            Stdout = Console.OpenStandardOutput(),
            Stderr = Console.OpenStandardError(),
            Network = server.Sink,
            Nondeterminism = WasiNondeterminism.Passthrough(),
        };
        using var machine = new GuestMachine(module, options with { Wasi = wasi });
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopOn(server));
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOn(server));
        Console.WriteLine($"plover: listening on {FormatEndpoint(server.LocalEndPoint)}");
        Console.Out.Flush();
        GuestRunResult? result = GuestThread.Run(() => server.Serve(machine), "plover-guest");
        if (result is null) return 0;
        if (result.Status == GuestRunStatus.Exited && result.ExitCode is uint code) return (int)(code & 0xFF);
        Console.Error.WriteLine($"plover: {request.Guest}: {result.Description}");
        return RunExitCodes.GuestFailed;
    }

    private static Action<PosixSignalContext> StopOn(GuestTcpServer server) => context =>
    {
        context.Cancel = true;
        server.Stop();
    };

    private static string FormatEndpoint(IPEndPoint endpoint) =>
        endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]:{endpoint.Port}" : $"{endpoint.Address}:{endpoint.Port}";

    private static List<KeyValuePair<string, string>> Environment(string[] assignments) =>
        assignments.Select(assignment =>
        {
            int equals = assignment.IndexOf('=');
            if (equals <= 0) throw new FormatException($"--env wants NAME=VALUE, not \"{assignment}\"");
            return new KeyValuePair<string, string>(assignment[..equals], assignment[(equals + 1)..]);
        }).ToList();

    private static WasiPreopenDirectory Preopen(string text)
    {
        int separator = text.IndexOf("::", StringComparison.Ordinal);
        string host = separator < 0 ? text : text[..separator];
        string guest = separator < 0 ? text : text[(separator + 2)..];
        if (host.Length == 0 || guest.Length == 0) throw new FormatException($"--dir wants HOST_DIR or HOST_DIR::GUEST_DIR, not \"{text}\"");
        if (!Directory.Exists(host)) throw new DirectoryNotFoundException($"--dir {host}: no such directory");
        return new WasiPreopenDirectory(host, guest);
    }
}
