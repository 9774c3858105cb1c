using Plover.Engine.Config;
using Plover.Sandbox;
using Plover.Sandbox.Guest;
using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Network;
using Plover.Sandbox.Wasi.Time;

namespace Plover.Engine.Guest;

/// <summary>
/// Makes guest machines over the sandbox's <see cref="GuestMachine"/> from one module, compiled
/// once at <see cref="Load"/>; every machine of a factory has the same configuration, so replicas
/// that run the same inputs (deterministic mode) hold the same state.
/// </summary>
public sealed class SandboxGuestFactory : IGuestFactory
{
    private readonly Module module;
    private readonly SandboxGuestSettings settings;

    private SandboxGuestFactory(string path, Module module, SandboxGuestSettings settings)
    {
        GuestPath = path;
        this.module = module;
        this.settings = settings;
    }

    public string GuestPath { get; }

    /// <summary>Reads and compiles the module, then checks that it can be a guest by building one machine.</summary>
    public static SandboxGuestFactory Load(string path, SandboxGuestSettings settings)
    {
        byte[] binary;
        try
        {
            binary = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GuestLoadException(path, $"cannot be read: {e.Message}", e);
        }
        Module module;
        try
        {
            module = Module.Compile(binary);
        }
        catch (WasmModuleException e)
        {
            throw new GuestLoadException(path, $"is not a module Plover can run: {e.Message}", e);
        }
        var factory = new SandboxGuestFactory(path, module, settings);
        factory.Create(new DiscardingSink()).Dispose();
        return factory;
    }

    /// <summary>A fresh machine whose network outputs go to <paramref name="outputs"/>; throws <see cref="GuestLoadException"/> when the module cannot be a guest.</summary>
    public IGuestMachine Create(IWasiNetworkSink outputs)
    {
        try
        {
            return new SandboxGuestMachine(new GuestMachine(module, MachineOptions(outputs)));
        }
        catch (Exception e) when (e is WasiLinkException or GuestModuleException or WasmLimitException or WasmLinkException)
        {
            throw new GuestLoadException(GuestPath, e.Message, e);
        }
    }

    private GuestMachineOptions MachineOptions(IWasiNetworkSink outputs) => new()
    {
        Wasi = new WasiConfiguration
        {
            Arguments = settings.Arguments,
            Network = outputs,
            Stdout = settings.Stdout,
            Stderr = settings.Stderr,
            Nondeterminism = settings.Nondeterminism == NondeterminismMode.Deterministic
                ? WasiNondeterminism.Deterministic(0, settings.InitialSeed)
                : WasiNondeterminism.Passthrough(TimeProvider.System),
        },
        MemoryPagesLimit = (uint)settings.Limits.MemoryPagesMax,
        FuelPerRun = settings.Limits.FuelPerRun,
        CallStackBytes = SandboxGuestSettings.CallStackBytes,
    };

    /// <summary>The load check's machine never runs, so it never sends.</summary>
    private sealed class DiscardingSink : IWasiNetworkSink
    {
        public void Send(ulong connectionId, ReadOnlySpan<byte> bytes) { }

        public void ShutdownSend(ulong connectionId) { }

        public void Close(ulong connectionId) { }

        public void ResumeReceiving(ulong connectionId) { }
    }
}
