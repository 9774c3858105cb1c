namespace Plover.Cli.Log;

/// <summary>Bytes a store takes on disk: table files, write-ahead logs, and the rest (manifest, options, info logs).</summary>
public sealed record StoreSize(long TableBytes, long WalBytes, long OtherBytes, int Files)
{
    public long TotalBytes => TableBytes + WalBytes + OtherBytes;

    public static StoreSize Of(string folder)
    {
        long tables = 0, wal = 0, other = 0;
        int files = 0;
        foreach (FileInfo file in new DirectoryInfo(folder).EnumerateFiles())
        {
            long length;
            try
            {
                length = file.Length;
            }
            catch (FileNotFoundException)
            {
                continue; // deleted by the live node since the listing
            }
            files++;
            if (file.Extension == ".sst") tables += length;
            else if (file.Extension == ".log" && !file.Name.StartsWith("LOG", StringComparison.Ordinal)) wal += length;
            else other += length;
        }
        return new StoreSize(tables, wal, other, files);
    }
}
