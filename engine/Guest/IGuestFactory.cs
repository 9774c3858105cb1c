using Plover.Sandbox.Wasi.Network;

namespace Plover.Engine.Guest;

/// <summary>Makes guest machines of one compiled module (compile once, a machine per replica or per restart).</summary>
public interface IGuestFactory
{
    /// <summary>A fresh machine, not started: its first <see cref="IGuestMachine.RunUntilBlocked"/> runs the guest's start.</summary>
    /// <param name="outputs">Where the guest's sends, shutdowns and closes go, synchronously, as it makes them.</param>
    IGuestMachine Create(IWasiNetworkSink outputs);
}
