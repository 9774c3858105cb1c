using Plover.Engine.Guest;
using Plover.Engine.Wire;

namespace Plover.Engine.Epochs;

/// <summary>
/// Collects the frames of one StatePatch (parts 0, 1, ... up to the one marked last) from one
/// sender. Frames arrive in order or not at all (the transport is at most once, in order), so a gap
/// means frames were lost: the patch is dropped and the sync of that epoch fails.
/// </summary>
public sealed class StatePatchAssembler
{
    private readonly List<StatePatch> parts = [];

    public ulong? Epoch => parts.Count == 0 ? null : parts[0].Epoch;

    /// <summary>Adds a frame; returns the whole patch once its last part is in, else null.</summary>
    /// <exception cref="PatchFormatException">A part out of order, of another epoch, or a malformed page.</exception>
    public IReadOnlyList<StatePatch>? Add(StatePatch part)
    {
        if (parts.Count > 0 && part.Epoch != parts[0].Epoch) parts.Clear();
        if (part.Part != parts.Count)
        {
            parts.Clear();
            throw new PatchFormatException(part.Epoch, $"part {part.Part} arrived where part {parts.Count} was expected (frames were lost)");
        }
        foreach (Page page in part.Pages)
        {
            if (page.Data.Length != IGuestMachine.PageBytes)
                throw new PatchFormatException(part.Epoch, $"page {page.Index} carries {page.Data.Length} bytes, not {IGuestMachine.PageBytes}");
        }
        parts.Add(part);
        if (!part.Last) return null;
        StatePatch[] whole = parts.ToArray();
        parts.Clear();
        return whole;
    }

    public void Reset() => parts.Clear();
}

/// <summary>A state patch that cannot be applied: names the epoch and what is wrong with it.</summary>
public sealed class PatchFormatException(ulong epoch, string problem) : Exception($"state patch of epoch {epoch}: {problem}")
{
    public ulong Epoch { get; } = epoch;
}
