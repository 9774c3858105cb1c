using Plover.Engine.Guest;
using Plover.Sandbox.Wasi.Network;

namespace Plover.Engine.Tests.Fakes;

/// <summary>Makes <see cref="FakeGuestMachine"/>s and keeps the last one made, for the test to poke.</summary>
internal sealed class FakeGuestFactory(bool passthrough, int hostSeed) : IGuestFactory
{
    public FakeGuestMachine? Last { get; private set; }

    public IGuestMachine Create(IWasiNetworkSink outputs) => Last = new FakeGuestMachine(outputs, passthrough, hostSeed);
}
