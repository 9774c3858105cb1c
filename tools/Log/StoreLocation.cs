namespace Plover.Cli.Log;

/// <summary>
/// Finds the RocksDB store behind the folder a user names: a node's data folder (which holds
/// <c>store/</c>, <c>node.json</c>, <c>node.log</c>) or the store folder itself.
/// </summary>
public static class StoreLocation
{
    public const string StoreFolderName = "store";

    private const string RocksCurrentFile = "CURRENT";

    public static string Resolve(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
            throw new LogToolException(LogToolError.MissingFolder, $"{full} does not exist: give a node's data folder (e.g. .plover/cluster/node1) or its store folder");
        if (File.Exists(Path.Combine(full, RocksCurrentFile))) return full;
        string nested = Path.Combine(full, StoreFolderName);
        if (File.Exists(Path.Combine(nested, RocksCurrentFile))) return nested;
        throw new LogToolException(LogToolError.NotAPloverStore,
            $"{full} holds no Plover store (neither {RocksCurrentFile} nor {StoreFolderName}/{RocksCurrentFile}): give a node's data folder (e.g. .plover/cluster/node1) or its store folder");
    }
}
