using Plover.Engine.Config;
using Plover.Engine.Guest;

namespace Plover.Engine.Tests.Guest;

public class SandboxGuestFactoryTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("plover-guest-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_file_that_is_not_a_module_is_refused_naming_it()
    {
        string bogus = Path.Combine(folder, "bogus.wasm");
        File.WriteAllText(bogus, "not wasm");
        GuestLoadException e = Assert.Throws<GuestLoadException>(() => SandboxGuestFactory.Load(bogus, new SandboxGuestSettings()));
        Assert.Equal(bogus, e.GuestPath);
        Assert.StartsWith($"guest {bogus}: is not a module", e.Message);
    }

    [Fact]
    public void A_missing_file_is_refused_naming_it()
    {
        string missing = Path.Combine(folder, "missing.wasm");
        GuestLoadException e = Assert.Throws<GuestLoadException>(() => SandboxGuestFactory.Load(missing, new SandboxGuestSettings()));
        Assert.Contains("cannot be read", e.Message);
    }

    [Fact]
    public void A_module_not_prepared_with_asyncify_is_refused()
    {
        GuestLoadException e = Assert.Throws<GuestLoadException>(() =>
            SandboxGuestFactory.Load(RealGuests.Path("kv.raw.wasm"), new SandboxGuestSettings { Nondeterminism = NondeterminismMode.Passthrough }));
        Assert.Contains("Asyncify", e.Message);
    }
}
