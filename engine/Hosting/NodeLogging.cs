using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;

namespace Plover.Engine.Hosting;

/// <summary>A node's logging: its log file in the data folder and stderr, information and above (debug with PLOVER_LOG=debug).</summary>
public static class NodeLogging
{
    public static ILoggerFactory Create(string logFile)
    {
        LogLevel minimum = Environment.GetEnvironmentVariable("PLOVER_LOG") == "debug" ? LogLevel.Debug : LogLevel.Information;
        return LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(minimum);
            // Kestrel logs five information lines per request: a monitor polling /status would bury the node's own lines.
            builder.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            builder.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
                console.UseUtcTimestamp = true;
            });
            builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.AddProvider(new FileLoggerProvider(logFile, minimum));
        });
    }
}
