using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Plover.Engine.Epochs;
using Plover.Engine.Wire;

namespace Plover.Engine.Checkpoints;

/// <summary>
/// The leader's side of a state transfer. It offers its durable checkpoint's metadata as the
/// consensus snapshot; when the lagging node sends the hash of every page it has, it pins the
/// checkpoint it holds then (no newer one overwrites the image meanwhile), reads its pages from the
/// store and sends only those whose hash differs, in parts, the first carrying the metadata of the
/// checkpoint served. Runs on the thread pool, off the consensus loop and the executor.
/// </summary>
public sealed class CheckpointTransferServer(uint self, CheckpointStore store, CheckpointWriter writer, Func<uint, Envelope, Task> send, ILogger logger)
{
    /// <summary>Pages per part (1 MiB of page bytes: well under the transport's frame limit).</summary>
    public const int PagesPerPart = 256;

    /// <summary>How long a transfer may hold the checkpoint in place.</summary>
    public static readonly TimeSpan PinHold = TimeSpan.FromSeconds(60);

    /// <summary>How long a request waits for a checkpoint write under way to finish before it is refused.</summary>
    private static readonly TimeSpan PinWait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PinRetry = TimeSpan.FromMilliseconds(20);

    private int serving;
    private long pagesSent;

    /// <summary>Pages sent by finished transfers since start.</summary>
    public long PagesSent => Interlocked.Read(ref pagesSent);

    /// <summary>For a snapshot request from consensus: the durable checkpoint's slot and metadata, or null when there is none yet.</summary>
    public (ulong Slot, byte[] Payload)? Offer()
    {
        CheckpointMetadata? meta = writer.Durable;
        return meta is null ? null : (meta.Slot, new SnapshotOffer(self, meta).Encode());
    }

    /// <summary>Serves one request: the differing pages, or an error part when no checkpoint at the asked slot can be held.</summary>
    public async Task ServeAsync(uint to, StateTransferRequest request)
    {
        Interlocked.Increment(ref serving);
        try
        {
            await ServeCoreAsync(to, request).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CheckpointCorruptionException or IOException or InvalidOperationException)
        {
            CheckpointLog.TransferFailed(logger, request.Slot, to, e.Message);
            await send(to, ErrorPart(request, e.Message)).ConfigureAwait(false);
        }
        finally
        {
            if (Interlocked.Decrement(ref serving) == 0) writer.Unpin();
        }
    }

    private async Task ServeCoreAsync(uint to, StateTransferRequest request)
    {
        if (request.Hashes.Count != request.PageCount)
            throw new InvalidOperationException($"node {to} sent {request.Hashes.Count} hashes for {request.PageCount} pages");
        CheckpointMetadata? meta = await PinAsync().ConfigureAwait(false);
        if (meta is null || meta.Slot < request.Slot)
        {
            string why = $"no checkpoint at slot {request.Slot} or later can be held (durable: {meta?.ToString() ?? "none"})";
            CheckpointLog.TransferFailed(logger, request.Slot, to, why);
            await send(to, ErrorPart(request, why)).ConfigureAwait(false);
            return;
        }
        StateTransferPart part = NewPart(request, 0);
        part.Metadata = ByteString.CopyFrom(CheckpointMetadataCodec.Encode(meta));
        int sent = 0;
        for (int page = 0; page < meta.PageCount; page++)
        {
            byte[] bytes = store.ReadPage(page, meta.Id);
            ulong theirs = page < request.PageCount ? request.Hashes[page] : PageHashTable.ZeroPageHash;
            if (PageHashTable.HashPage(bytes) == theirs) continue;
            part.PageIndexes.Add((uint)page);
            part.Pages.Add(ByteString.CopyFrom(bytes));
            sent++;
            if (part.Pages.Count < PagesPerPart) continue;
            await send(to, new Envelope { StateTransferPart = part }).ConfigureAwait(false);
            part = NewPart(request, part.Part + 1);
        }
        part.Last = true;
        part.PagesSent = (uint)sent;
        await send(to, new Envelope { StateTransferPart = part }).ConfigureAwait(false);
        Interlocked.Add(ref pagesSent, sent);
        CheckpointLog.TransferServed(logger, meta.Id, meta.Slot, to, sent, meta.PageCount);
    }

    private async Task<CheckpointMetadata?> PinAsync()
    {
        long until = Environment.TickCount64 + (long)PinWait.TotalMilliseconds;
        while (true)
        {
            if (writer.TryPin(PinHold) is { } meta) return meta;
            if (writer.Durable is null || Environment.TickCount64 >= until) return null;
            await Task.Delay(PinRetry).ConfigureAwait(false);
        }
    }

    private static StateTransferPart NewPart(StateTransferRequest request, uint number) =>
        new() { Slot = request.Slot, CheckpointId = request.CheckpointId, Part = number };

    private static Envelope ErrorPart(StateTransferRequest request, string error) =>
        new() { StateTransferPart = new StateTransferPart { Slot = request.Slot, CheckpointId = request.CheckpointId, Last = true, Error = error } };
}
