namespace Plover.Cli.Log;

/// <summary>One defect found by <c>plover log verify</c>: the slot it concerns (null for metadata or engine keys) and what is wrong.</summary>
public sealed record VerifyProblem(ulong? Slot, string Message)
{
    public override string ToString() => Slot is { } s ? $"slot {s}: {Message}" : Message;
}

/// <summary>What <c>plover log verify</c> checked and every problem it found (the first <see cref="ProblemsKeptMax"/> kept).</summary>
public sealed class VerifyReport(string storePath, StoreMetadata metadata)
{
    public const int ProblemsKeptMax = 1000;

    private readonly List<VerifyProblem> problems = [];

    public string StorePath { get; } = storePath;
    public StoreMetadata Metadata { get; } = metadata;
    public ulong RecordsChecked { get; set; }
    public ulong EntriesChecked { get; set; }
    public ulong EpochRecordsChecked { get; set; }
    public ulong? LastSlot { get; set; }
    public long ProblemCount { get; private set; }

    public IReadOnlyList<VerifyProblem> Problems => problems;

    public bool IsClean => ProblemCount == 0;

    public void Add(ulong? slot, string message)
    {
        ProblemCount++;
        if (problems.Count < ProblemsKeptMax) problems.Add(new VerifyProblem(slot, message));
    }
}
