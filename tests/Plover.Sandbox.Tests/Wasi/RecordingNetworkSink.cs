using System.Text;
using Plover.Sandbox.Wasi.Network;

namespace Plover.Sandbox.Tests.Wasi;

/// <summary>Records what the virtual network hands to the embedder.</summary>
internal sealed class RecordingNetworkSink : IWasiNetworkSink
{
    public List<string> Events { get; } = [];

    public Dictionary<ulong, MemoryStream> Sent { get; } = [];

    public void Send(ulong connectionId, ReadOnlySpan<byte> bytes)
    {
        if (!Sent.TryGetValue(connectionId, out MemoryStream? stream)) Sent[connectionId] = stream = new MemoryStream();
        stream.Write(bytes);
        Events.Add($"send {connectionId} {bytes.Length}");
    }

    public void ShutdownSend(ulong connectionId) => Events.Add($"shutdown-send {connectionId}");

    public void Close(ulong connectionId) => Events.Add($"close {connectionId}");

    public void ResumeReceiving(ulong connectionId) => Events.Add($"resume {connectionId}");

    public string SentText(ulong connectionId) =>
        Sent.TryGetValue(connectionId, out MemoryStream? stream) ? Encoding.UTF8.GetString(stream.ToArray()) : "";
}
