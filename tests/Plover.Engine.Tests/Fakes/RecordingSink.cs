using System.Text;
using Plover.Sandbox.Wasi.Network;

namespace Plover.Engine.Tests.Fakes;

/// <summary>Collects a guest's outputs in order, as text.</summary>
internal sealed class RecordingSink : IWasiNetworkSink
{
    public List<string> Events { get; } = [];

    public void Send(ulong connectionId, ReadOnlySpan<byte> bytes) => Events.Add($"send {connectionId} {Encoding.ASCII.GetString(bytes)}");

    public void ShutdownSend(ulong connectionId) => Events.Add($"shutdown {connectionId}");

    public void Close(ulong connectionId) => Events.Add($"close {connectionId}");

    public void ResumeReceiving(ulong connectionId) => Events.Add($"resume {connectionId}");
}
