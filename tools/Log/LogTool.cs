using System.Text.Json;
using Plover.Consensus.Storage.RocksDb;

namespace Plover.Cli.Log;

/// <summary>
/// <c>plover log inspect</c> and <c>plover log verify</c> over a store opened read-only: runs the
/// view asked for, writes it as text or JSON, and turns every failure into a message and an exit
/// code (<see cref="LogExitCodes"/>). With JSON, errors are a JSON document on stdout too.
/// </summary>
public sealed class LogTool(TextWriter stdout, TextWriter stderr)
{
    public int Inspect(InspectRequest request) => Run("inspect", request.Json, () =>
    {
        if (request.EpochStatistics && (request.Slots is not null || request.Connection is not null || request.AllEntries))
            throw new LogToolException(LogToolError.BadQuery, "--epochs shows epoch statistics; it combines with --epoch only, not with --slots, --connection or --entries");
        EntryQuery? query = request.ShowsEntries ? request.ToQuery() : null;
        using ReadOnlyStore store = ReadOnlyStore.Open(request.Data);
        if (request.EpochStatistics) return ShowEpochs(store, request);
        if (query is not null) return ShowEntries(store, query, request.Json);
        LogSummary summary = LogSummaryBuilder.Build(store);
        Write(request.Json, () => SummaryOutput.WriteText(summary, stdout), j => SummaryOutput.WriteJson(summary, j));
        return LogExitCodes.Ok;
    });

    public int Verify(string data, bool json) => Run("verify", json, () =>
    {
        using ReadOnlyStore store = ReadOnlyStore.Open(data);
        VerifyReport report = LogVerifier.Verify(store);
        Write(json, () => VerifyOutput.WriteText(report, stdout), j => VerifyOutput.WriteJson(report, j));
        return report.IsClean ? LogExitCodes.Ok : LogExitCodes.ProblemsFound;
    });

    private int ShowEpochs(ReadOnlyStore store, InspectRequest request)
    {
        StoreMetadata.Read(store);
        IReadOnlyList<EpochRecord> records = EpochRecord.ReadAll(store);
        if (request.Epoch is { } epoch) records = records.Where(r => r.Epoch == epoch).ToArray();
        Write(request.Json, () => EpochsOutput.WriteText(records, stdout), j => EpochsOutput.WriteJson(records, j));
        return LogExitCodes.Ok;
    }

    private int ShowEntries(ReadOnlyStore store, EntryQuery query, bool json)
    {
        StoreMetadata metadata = StoreMetadata.Read(store);
        IReadOnlyList<EntryView> entries = query.Select(store, metadata, out bool more);
        Write(json, () => EntriesOutput.WriteText(entries, more, query, stdout), j => EntriesOutput.WriteJson(entries, more, j));
        return LogExitCodes.Ok;
    }

    private void Write(bool json, Action text, Action<Utf8JsonWriter> document)
    {
        if (!json)
        {
            text();
            return;
        }
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true })) document(writer);
        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private int Run(string verb, bool json, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (LogToolException e)
        {
            return Fail(verb, json, e.Error.ToString(), e.Message, e.Error == LogToolError.BadQuery ? LogExitCodes.BadQuery : LogExitCodes.CannotRead);
        }
        catch (EpochRecordException e)
        {
            return Fail(verb, json, "DamagedEngineKey", e.Message, LogExitCodes.CannotRead);
        }
        catch (RocksDbException e)
        {
            return Fail(verb, json, "ReadFailed", e.Message, LogExitCodes.CannotRead);
        }
    }

    private int Fail(string verb, bool json, string error, string message, int exitCode)
    {
        stderr.WriteLine($"plover log {verb}: {message}");
        if (json) Write(true, () => { }, j =>
        {
            j.WriteStartObject();
            j.WriteString("error", error);
            j.WriteString("message", message);
            j.WriteEndObject();
        });
        return exitCode;
    }
}
