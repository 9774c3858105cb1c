namespace Plover.Sandbox.Tests.Fuzz;

/// <summary>
/// Damages a valid module the ways a broken file or a hostile sender would: flipped bits, replaced,
/// inserted and deleted bytes, a LEB128 length made huge, and truncation.
/// </summary>
internal static class ModuleMutator
{
    /// <summary>The 8-byte magic and version; most mutations land after it so they reach the sections.</summary>
    private const int HeaderBytes = 8;
    private const int EditsMax = 2;
    /// <summary>Out of this many draws: 4 bit flips, 3 replaced bytes, then one each of insert, delete, huge LEB128, cut.</summary>
    private const int EditKinds = 11;

    public static byte[] Mutate(byte[] original, FuzzPrng random)
    {
        var bytes = new List<byte>(original);
        int edits = 1 + random.Below(EditsMax);
        for (int e = 0; e < edits && bytes.Count > HeaderBytes + 1; e++)
        {
            int at = HeaderBytes + random.Below(bytes.Count - HeaderBytes);
            switch (random.Below(EditKinds))
            {
                case 0 or 1 or 2 or 3: bytes[at] ^= (byte)(1 << random.Below(8)); break;
                case 4 or 5 or 6: bytes[at] = (byte)random.Below(256); break;
                case 7: bytes.Insert(at, (byte)random.Below(256)); break;
                case 8: bytes.RemoveAt(at); break;
                case 9: bytes.InsertRange(at, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]); break; // a 4 GiB LEB128 count or length
                default: bytes.RemoveRange(at, bytes.Count - at); break;             // cut short
            }
        }
        return [.. bytes];
    }
}
