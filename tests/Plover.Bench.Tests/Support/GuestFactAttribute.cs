namespace Plover.Bench.Tests;

/// <summary>
/// A test that needs a built guest from guests/build. It runs whenever the binary is there, and
/// fails loudly if the guest's source is in the tree but was not built. Only when the guest's
/// source is not in this tree at all (a branch without the guests) is it skipped, with the reason.
/// </summary>
public sealed class GuestFactAttribute : FactAttribute
{
    public GuestFactAttribute(string binary, string sourceFolder)
    {
        var repository = RepositoryLayout.Find();
        if (!File.Exists(repository.Guest(binary)) && !Directory.Exists(Path.Combine(repository.Root, "guests", sourceFolder)))
            Skip = $"guests/{sourceFolder} is not in this tree, so guests/build/{binary} cannot be built";
    }
}
