using System.Text;
using System.Text.Json;
using Plover.Bench.Compare;
using Plover.Bench.Load;

namespace Plover.Bench.Reports;

/// <summary>
/// results.json: one object per mode under <c>modes</c>, each with <c>status</c>, the median
/// figures (<c>throughput_ops_s</c>, <c>p50_ms</c>, <c>p99_ms</c>, <c>replication_bytes_per_op</c>, ...;
/// null when the mode was not measured), their spreads, and every run.
/// </summary>
public static class JsonReport
{
    public static string Render(CompareReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("generated_utc", report.Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"));
            json.WriteNumber("elapsed_s", Math.Round(report.Elapsed.TotalSeconds, 3));
            json.WriteString("driver", report.Driver);
            json.WriteStartObject("machine");
            json.WriteNumber("processors", report.Processors);
            json.WriteEndObject();
            WriteLoad(json, report.Options);
            json.WriteStartObject("modes");
            foreach (ModeResult mode in report.Modes) WriteMode(json, mode);
            json.WriteEndObject();
            WriteTargets(json, report);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteLoad(Utf8JsonWriter json, ComparisonOptions options)
    {
        Workload w = options.Load.Workload;
        json.WriteStartObject("workload");
        json.WriteString("guest", w.Guest.ToString().ToLowerInvariant());
        json.WriteNumber("read_ratio", w.ReadRatio);
        json.WriteNumber("keys", w.Keys);
        json.WriteNumber("value_bytes", w.ValueBytes);
        json.WriteNumber("seed", w.Seed);
        json.WriteEndObject();
        json.WriteStartObject("load");
        json.WriteNumber("connections", options.Load.Connections);
        json.WriteNumber("pipeline", options.Load.Pipeline);
        json.WriteNumber("warmup_s", options.Load.Warmup.TotalSeconds);
        json.WriteNumber("duration_s", options.Load.Duration.TotalSeconds);
        json.WriteBoolean("prefill", options.Load.Prefill);
        json.WriteNumber("runs", options.Runs);
        json.WriteEndObject();
    }

    private static void WriteMode(Utf8JsonWriter json, ModeResult m)
    {
        json.WriteStartObject(m.Mode);
        json.WriteString("status", m.Status.ToString().ToLowerInvariant());
        Nullable(json, "reason", m.Reason);
        Nullable(json, "description", m.Description);
        bool f = m.HasFigures;
        Number(json, "throughput_ops_s", f ? m.Throughput.Median : null);
        Number(json, "p50_ms", f ? m.P50Ms.Median : null);
        Number(json, "p99_ms", f ? m.P99Ms.Median : null);
        Number(json, "replication_bytes_per_op", f ? m.ReplicationBytesPerOp.Median : null);
        if (f)
        {
            json.WriteBoolean("replicated", m.Replicated);
            json.WriteStartObject("replication_bytes_per_op_by_kind");
            json.WriteNumber("log", m.LogBytesPerOp.Median);
            json.WriteNumber("hashes", m.HashBytesPerOp.Median);
            json.WriteNumber("pages", m.PageBytesPerOp.Median);
            json.WriteNumber("other", m.OtherBytesPerOp.Median);
            json.WriteEndObject();
            Number(json, "pages_per_epoch", m.PagesPerEpoch?.Median);
            json.WriteNumber("cpu_s_per_op", m.ServerCpuSecondsPerOp.Median);
            Number(json, "client_cpu_s_per_op", m.ClientCpuSecondsPerOp?.Median);
            WriteSpreads(json, m);
        }
        json.WriteStartArray("runs");
        foreach (RunMeasurement run in m.Runs) WriteRun(json, run);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteSpreads(Utf8JsonWriter json, ModeResult m)
    {
        json.WriteStartObject("spread");
        Spread(json, "throughput_ops_s", m.Throughput);
        Spread(json, "p50_ms", m.P50Ms);
        Spread(json, "p99_ms", m.P99Ms);
        Spread(json, "replication_bytes_per_op", m.ReplicationBytesPerOp);
        if (m.PagesPerEpoch is { } pages) Spread(json, "pages_per_epoch", pages);
        Spread(json, "cpu_s_per_op", m.ServerCpuSecondsPerOp);
        if (m.ClientCpuSecondsPerOp is { } client) Spread(json, "client_cpu_s_per_op", client);
        json.WriteEndObject();
    }

    private static void WriteRun(Utf8JsonWriter json, RunMeasurement r)
    {
        json.WriteStartObject();
        json.WriteNumber("run", r.Run);
        json.WriteNumber("requests", r.Requests);
        json.WriteNumber("window_s", r.WindowSeconds);
        json.WriteNumber("throughput_ops_s", r.ThroughputOpsPerSecond);
        json.WriteNumber("p50_ms", r.Latency.P50Ms);
        Number(json, "p90_ms", r.Latency.P90Ms);
        json.WriteNumber("p99_ms", r.Latency.P99Ms);
        Number(json, "p999_ms", r.Latency.P999Ms);
        json.WriteNumber("max_ms", r.Latency.MaxMs);
        json.WriteNumber("mean_ms", r.Latency.MeanMs);
        json.WriteNumber("cpu_s_per_op", r.ServerCpuSecondsPerOp);
        Number(json, "client_cpu_s_per_op", r.ClientCpuSecondsPerOp);
        Number(json, "client_allocated_bytes_per_op", r.ClientAllocatedBytesPerOp);
        json.WriteNumber("replication_bytes_per_op", r.Replication.TotalBytes);
        json.WriteStartObject("replication_bytes_per_op_by_kind");
        json.WriteNumber("log", r.Replication.LogBytes);
        json.WriteNumber("hashes", r.Replication.HashBytes);
        json.WriteNumber("pages", r.Replication.PageBytes);
        json.WriteNumber("other", r.Replication.OtherBytes);
        json.WriteEndObject();
        Number(json, "pages_per_epoch", r.Replication.PagesPerEpoch);
        json.WriteNumber("epochs", r.Replication.Epochs);
        json.WriteEndObject();
    }

    private static void WriteTargets(Utf8JsonWriter json, CompareReport report)
    {
        json.WriteStartObject("targets");
        foreach (TargetCheck t in TargetCheck.Evaluate(report))
        {
            json.WriteStartObject(t.Key);
            json.WriteString("statement", t.Statement);
            Number(json, "value", t.Value);
            json.WriteNumber("threshold", t.Threshold);
            if (t.Met is { } met) json.WriteBoolean("met", met); else json.WriteNull("met");
            Nullable(json, "missing", t.Missing);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void Spread(Utf8JsonWriter json, string name, Spread s)
    {
        json.WriteStartObject(name);
        json.WriteNumber("median", s.Median);
        json.WriteNumber("min", s.Min);
        json.WriteNumber("max", s.Max);
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v) json.WriteNumber(name, v); else json.WriteNull(name);
    }

    private static void Nullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name); else json.WriteString(name, value);
    }
}
