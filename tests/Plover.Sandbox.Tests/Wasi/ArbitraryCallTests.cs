using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Network;
using Plover.Sandbox.Wasi.State;
using Plover.Sandbox.Wasi.Time;

namespace Plover.Sandbox.Tests.Wasi;

/// <summary>
/// Whatever a guest passes, every function answers with an errno (or Blocked, or proc_exit's
/// exit): no exception reaches the embedder, and nothing outside the preopen changes.
/// </summary>
public sealed class ArbitraryCallTests : IDisposable
{
    private const int Calls = 40_000;
    private const int CallsPerLibraryOs = 400;
    private const uint StringsAt = 0x800;
    private const uint StringStrideBytes = 32;

    private static readonly string[] Paths =
    [
        "hello.txt", "sub", "../outside.txt", "escape-relative", "sub/escape-deep", "new", "sub/../x", "loop-a",
        "dir-link/inner.txt", "escape-absolute", "sub/deeper/../..", ".", "made/", "link-inside",
    ];

    private readonly SandboxTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Random_arguments_give_errnos_and_stay_inside_the_sandbox(ulong seed)
    {
        var random = new SplitMix64(seed);
        string[] outside = _tree.ParentListing();
        int successes = 0;
        for (int round = 0; round < Calls / CallsPerLibraryOs; round++)
        {
            using WasiLibraryOs os = NewLibraryOs(random, out FakeGuestMemory memory);
            for (int call = 0; call < CallsPerLibraryOs; call++)
            {
                if (call % 20 == 0) FeedNetwork(os, random, call);
                WasiFunction function = WasiFunctionTable.All[(int)(random.Next() % (ulong)WasiFunctionTable.All.Count)];
                ulong[] arguments = function.Parameters.Select(type => Argument(random, type)).ToArray();
                try
                {
                    WasiCallResult result = function.Invoke(os, memory, arguments);
                    Assert.True(result.WouldBlock || Enum.IsDefined(result.Errno), $"{function.Name} returned {result}");
                    if (!result.WouldBlock && result.Errno == 0) successes++;
                }
                catch (WasiExitException) when (function.Name == "proc_exit")
                {
                }
            }
            CaptureUnlessHoldingHostFiles(os);
        }
        Assert.Equal(outside, _tree.ParentListing());
        Assert.Equal(SandboxTree.Secret, File.ReadAllText(_tree.OutsideFile));
        Assert.InRange(successes, Calls / 20, Calls);
    }

    private WasiLibraryOs NewLibraryOs(SplitMix64 random, out FakeGuestMemory memory)
    {
        memory = new FakeGuestMemory();
        var bytes = new byte[memory.Size];
        for (int i = 0; i < bytes.Length; i += 8) BitConverter.TryWriteBytes(bytes.AsSpan(i), random.Next() & 0x0F0F_0F0F_0F0F_0F0F);
        memory.Place(0, bytes);
        for (int i = 0; i < Paths.Length; i++) memory.PlaceText(StringsAt + (uint)i * StringStrideBytes, Paths[i]);
        return new WasiLibraryOs(_tree.Configuration() with
        {
            Network = new RecordingNetworkSink(),
            Stdin = new MemoryStream(new byte[1000]),
            Stdout = new MemoryStream(),
            Nondeterminism = WasiNondeterminism.Deterministic(1_000, random.Next()),
        });
    }

    // Descriptors, flags and lengths are mostly small; pointers land on the strings, anywhere, or
    // at the very end of memory; some values are just large.
    private static ulong Argument(SplitMix64 random, WasiValueType type)
    {
        ulong raw = random.Next();
        ulong value = (raw % 10) switch
        {
            0 or 1 or 2 => (raw >> 8) % 8,
            3 => 0,
            4 or 5 => StringsAt + (raw >> 8) % (ulong)Paths.Length * StringStrideBytes,
            6 => (raw >> 8) % 16,
            7 => (ulong)FakeGuestMemory.DefaultSizeBytes - (raw >> 8) % 64,
            8 => (raw >> 8) % (ulong)FakeGuestMemory.DefaultSizeBytes,
            _ => raw >> 4,
        };
        return type == WasiValueType.I32 ? value & 0xFFFF_FFFF : value;
    }

    private static void FeedNetwork(WasiLibraryOs os, SplitMix64 random, int call)
    {
        ulong id = random.Next() % 8;
        try
        {
            if (os.Network.UnreadBytes(id) < 0) os.Network.Connect(id);
            else if (random.Next() % 4 == 0) os.Network.PeerClosed(id);
            else os.Network.Deliver(id, BitConverter.GetBytes(random.Next()));
        }
        catch (WasiNetworkException)
        {
            // Delivering after PeerClosed: the embedder contract, not the guest, is what refuses it.
        }
        os.SetEventContext(1_000 + call, random.Next());
    }

    private static void CaptureUnlessHoldingHostFiles(WasiLibraryOs os)
    {
        try
        {
            Assert.NotEmpty(os.CaptureState());
        }
        catch (WasiStateException)
        {
        }
    }
}
