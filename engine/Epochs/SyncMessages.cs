using Plover.Engine.Wire;

namespace Plover.Engine.Epochs;

/// <summary>Wraps sync messages in envelopes, and names the primary ballot every sync message carries.</summary>
public static class SyncMessages
{
    public static Envelope Wrap(EpochDigest m) => new() { EpochDigest = m };

    public static Envelope Wrap(EpochVerdict m) => new() { EpochVerdict = m };

    public static Envelope Wrap(PageHashes m) => new() { PageHashes = m };

    public static Envelope Wrap(StatePatch m) => new() { StatePatch = m };

    public static Envelope Wrap(EpochAck m) => new() { EpochAck = m };

    public static bool IsSync(Envelope message) => message.KindCase is Envelope.KindOneofCase.EpochDigest or Envelope.KindOneofCase.EpochVerdict
        or Envelope.KindOneofCase.PageHashes or Envelope.KindOneofCase.StatePatch or Envelope.KindOneofCase.EpochAck;

    public static ulong BallotOf(Envelope message) => message.KindCase switch
    {
        Envelope.KindOneofCase.EpochDigest => message.EpochDigest.PrimaryBallot,
        Envelope.KindOneofCase.EpochVerdict => message.EpochVerdict.PrimaryBallot,
        Envelope.KindOneofCase.PageHashes => message.PageHashes.PrimaryBallot,
        Envelope.KindOneofCase.StatePatch => message.StatePatch.PrimaryBallot,
        Envelope.KindOneofCase.EpochAck => message.EpochAck.PrimaryBallot,
        _ => throw new ArgumentException($"{message.KindCase} is not an epoch sync message", nameof(message)),
    };

    public static ulong EpochOf(Envelope message) => message.KindCase switch
    {
        Envelope.KindOneofCase.EpochDigest => message.EpochDigest.Epoch,
        Envelope.KindOneofCase.EpochVerdict => message.EpochVerdict.Epoch,
        Envelope.KindOneofCase.PageHashes => message.PageHashes.Epoch,
        Envelope.KindOneofCase.StatePatch => message.StatePatch.Epoch,
        Envelope.KindOneofCase.EpochAck => message.EpochAck.Epoch,
        _ => throw new ArgumentException($"{message.KindCase} is not an epoch sync message", nameof(message)),
    };

    /// <summary>The hashes of <paramref name="pages"/> from <paramref name="table"/>.</summary>
    public static PageHashes Hashes(ulong epoch, ulong ballot, PageHashTable table, IEnumerable<int> pages, bool allPages, bool pull)
    {
        var message = new PageHashes { Epoch = epoch, PrimaryBallot = ballot, AllPages = allPages, PageCount = (uint)table.PageCount, Pull = pull };
        foreach (int page in pages)
        {
            if (page >= table.PageCount) continue;
            message.PageIndexes.Add((uint)page);
            message.Hashes.Add(table[page]);
        }
        return message;
    }

    /// <summary>The reported hashes as a map, checked: pairs match up and no page is listed twice.</summary>
    public static Dictionary<int, ulong> ReportedHashes(PageHashes message)
    {
        if (message.PageIndexes.Count != message.Hashes.Count)
            throw new PatchFormatException(message.Epoch, $"{message.PageIndexes.Count} page indexes but {message.Hashes.Count} hashes");
        var reported = new Dictionary<int, ulong>(message.PageIndexes.Count);
        for (int i = 0; i < message.PageIndexes.Count; i++)
        {
            uint page = message.PageIndexes[i];
            if (page >= message.PageCount || !reported.TryAdd((int)page, message.Hashes[i]))
                throw new PatchFormatException(message.Epoch, $"page {page} is listed twice or lies beyond the {message.PageCount} pages reported");
        }
        return reported;
    }
}
