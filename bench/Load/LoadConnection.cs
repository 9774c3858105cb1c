using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using System.Runtime.CompilerServices;
using Plover.Consensus;

namespace Plover.Bench.Load;

/// <summary>
/// One client connection of the closed loop: keeps up to P requests in flight, refills as replies
/// arrive, checks every reply, and records the latency of those completed inside the measured
/// window. Replies on one connection come back in request order, so the in-flight requests are a
/// ring (send time, kind). Buffers are allocated once; the hot path allocates nothing.
/// </summary>
internal sealed class LoadConnection
{
    /// <summary>Receive buffers hold at least this much, so that many small replies arrive in one read.</summary>
    private const int ReceiveBufferBytesMin = 64 << 10;

    private readonly int index;
    private readonly IPEndPoint endpoint;
    private readonly LoadOptions options;
    private readonly LoadSchedule schedule;
    private readonly RequestEncoder encoder;
    private readonly ReplyChecker checker;
    private readonly DeterministicRandom random;
    private readonly ulong readThreshold;
    private readonly byte[] sendBuffer;
    private readonly byte[] receiveBuffer;
    private readonly int replyBytesMax;
    private readonly long[] sentAt;
    private readonly RequestKind[] kinds;
    private int head;
    private int inFlight;
    private int receiveStart;
    private int receiveEnd;
    private long nextPrefillKey;
    private bool measuring;

    public LoadConnection(int index, LoadOptions options, LoadSchedule schedule, RequestEncoder encoder, int replyBytesMax)
    {
        this.index = index;
        this.options = options;
        this.schedule = schedule;
        this.encoder = encoder;
        this.replyBytesMax = replyBytesMax;
        endpoint = options.Endpoints[index % options.Endpoints.Count];
        random = DeterministicRandom.ForStream(options.Workload.Seed, index);
        readThreshold = ReadThreshold(options.Workload.ReadRatio);
        sendBuffer = new byte[options.Pipeline * encoder.RequestBytesMax];
        receiveBuffer = new byte[Math.Max(ReceiveBufferBytesMin, 2 * replyBytesMax)];
        checker = new ReplyChecker(options.Workload.Guest, options.Workload.ValueBytes, receiveBuffer.Length);
        sentAt = new long[options.Pipeline];
        kinds = new RequestKind[options.Pipeline];
        nextPrefillKey = index;
    }

    public LatencyHistogram Histogram { get; } = new();
    public LoadErrors Errors { get; } = new();

    /// <summary>Requests completed inside the measured window.</summary>
    public long Completed { get; private set; }

    public async Task RunAsync(CancellationToken cancellation)
    {
        bool reportedReady = false;
        try
        {
            using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(endpoint, cancellation);
            if (options.Prefill) await PumpAsync(socket, prefill: true, cancellation);
            reportedReady = true;
            schedule.ArriveReady();
            await schedule.LoadStart.WaitAsync(cancellation);
            measuring = true;
            await PumpAsync(socket, prefill: false, cancellation);
        }
        catch (RespProtocolException e)
        {
            Errors.Record(LoadErrorKind.ProtocolError, 1, () => $"connection {index} to {endpoint}: {e.Message}");
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            if (inFlight > 0)
                Errors.Record(LoadErrorKind.Unanswered, inFlight,
                    () => $"connection {index} to {endpoint}: {inFlight} request(s) unanswered when the run was stopped");
        }
        catch (Exception e) when (e is SocketException or IOException or LoadConnectionClosedException)
        {
            Errors.Record(LoadErrorKind.ConnectionFailure, 1, () => $"connection {index} to {endpoint}: {e.Message}");
        }
        finally
        {
            if (!reportedReady) schedule.ArriveReady();
        }
    }

    /// <summary>Issues requests while there are any to issue, then waits for every reply.</summary>
    private async Task PumpAsync(Socket socket, bool prefill, CancellationToken cancellation)
    {
        while (true)
        {
            int bytes = FillPipeline(prefill);
            if (bytes > 0) await SendAllAsync(socket, bytes, cancellation);
            if (inFlight == 0) return;
            await ReceiveRepliesAsync(socket, cancellation);
        }
    }

    private int FillPipeline(bool prefill)
    {
        int bytes = 0;
        int first = inFlight;
        while (inFlight < options.Pipeline)
        {
            RequestKind kind;
            long key;
            if (prefill)
            {
                if (nextPrefillKey >= options.Workload.Keys) break;
                kind = RequestKind.Set;
                key = nextPrefillKey;
                nextPrefillKey += options.Connections;
            }
            else
            {
                if (!schedule.Issuing) break;
                kind = (random.NextUInt64() >> 11) < readThreshold ? RequestKind.Get : RequestKind.Set;
                key = (long)random.NextBelow((ulong)options.Workload.Keys);
            }
            bytes += encoder.Write(sendBuffer.AsSpan(bytes), kind, key);
            kinds[(head + inFlight) % options.Pipeline] = kind;
            inFlight++;
        }
        long now = Stopwatch.GetTimestamp();
        for (int i = first; i < inFlight; i++) sentAt[(head + i) % options.Pipeline] = now;
        return bytes;
    }

    // Pooled builders: these two suspend once per batch, and an unpooled ValueTask method allocates its state machine each time it does.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendAllAsync(Socket socket, int bytes, CancellationToken cancellation)
    {
        int sent = 0;
        while (sent < bytes)
            sent += await socket.SendAsync(sendBuffer.AsMemory(sent, bytes - sent), SocketFlags.None, cancellation);
    }

    /// <summary>Receives until at least one reply is complete, and settles every complete reply.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReceiveRepliesAsync(Socket socket, CancellationToken cancellation)
    {
        int settled = 0;
        while (settled == 0)
        {
            MakeRoom();
            int received = await socket.ReceiveAsync(receiveBuffer.AsMemory(receiveEnd), SocketFlags.None, cancellation);
            if (received == 0) throw new LoadConnectionClosedException($"the server closed the connection with {inFlight} request(s) in flight");
            receiveEnd += received;
            settled = SettleReplies(Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Moves a partial reply to the front when the space after it could not hold a whole reply.</summary>
    private void MakeRoom()
    {
        if (receiveBuffer.Length - receiveEnd >= replyBytesMax && receiveEnd < receiveBuffer.Length) return;
        if (receiveStart == 0)
            throw new RespProtocolException($"a reply is longer than {replyBytesMax} bytes, the most a reply of this workload can be");
        Buffer.BlockCopy(receiveBuffer, receiveStart, receiveBuffer, 0, receiveEnd - receiveStart);
        receiveEnd -= receiveStart;
        receiveStart = 0;
    }

    private int SettleReplies(long now)
    {
        long windowStart = schedule.WindowStart;
        long windowEnd = schedule.WindowEnd;
        bool counted = measuring && now >= windowStart && now < windowEnd;
        int settled = 0;
        while (inFlight > 0)
        {
            ReadOnlySpan<byte> pending = receiveBuffer.AsSpan(receiveStart, receiveEnd - receiveStart);
            RequestKind kind = kinds[head];
            ReplyVerdict verdict = checker.Check(pending, kind, out int consumed);
            if (verdict == ReplyVerdict.Incomplete) break;
            if (verdict != ReplyVerdict.Valid) RecordBadReply(verdict, kind, pending[..consumed]);
            if (counted)
            {
                Histogram.Record(LoadSchedule.TicksToNanoseconds(now - sentAt[head]));
                Completed++;
            }
            head = (head + 1) % options.Pipeline;
            inFlight--;
            receiveStart += consumed;
            settled++;
        }
        if (inFlight == 0 && receiveStart < receiveEnd)
            throw new RespProtocolException($"{receiveEnd - receiveStart} byte(s) arrived with no request outstanding");
        if (receiveStart == receiveEnd) receiveStart = receiveEnd = 0;
        return settled;
    }

    private void RecordBadReply(ReplyVerdict verdict, RequestKind kind, ReadOnlySpan<byte> reply)
    {
        string shown = RespReader.Show(reply);
        LoadErrorKind errorKind = verdict == ReplyVerdict.ServerError ? LoadErrorKind.ServerError : LoadErrorKind.WrongReply;
        Errors.Record(errorKind, 1, () => $"{kind.ToString().ToUpperInvariant()} on connection {index} to {endpoint} got '{shown}'");
    }

    /// <summary>A read ratio as a threshold on 53 random bits (1.0 makes every request a GET).</summary>
    private static ulong ReadThreshold(double readRatio) => (ulong)Math.Round(readRatio * (1UL << 53));
}
