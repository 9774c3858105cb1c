using Plover.Engine.Config;
using Plover.Engine.Guest;

namespace Plover.Engine.Tests.Guest;

/// <summary>The real guests of guests/build (built by scripts/setup), and a thread big enough to run them.</summary>
internal static class RealGuests
{
    private const int ThreadStackBytes = 64 << 20;

    public static string Path(string name)
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(d.FullName, "Plover.sln"))) continue;
            string path = System.IO.Path.Combine(d.FullName, "guests", "build", name);
            return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: run scripts/setup (it builds the guests)", path);
        }
        throw new DirectoryNotFoundException($"no folder above {AppContext.BaseDirectory} holds Plover.sln");
    }

    public static SandboxGuestFactory Factory(string name, NondeterminismMode mode) =>
        SandboxGuestFactory.Load(Path(name), new SandboxGuestSettings { Arguments = [name], Nondeterminism = mode, InitialSeed = 42 });

    /// <summary>Runs <paramref name="body"/> on a thread whose stack holds the guest's call-stack budget (test threads are smaller).</summary>
    public static void OnLargeStack(Action body)
    {
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                error = e;
            }
        }, ThreadStackBytes);
        thread.Start();
        thread.Join();
        if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
    }

    /// <summary>A RESP array command, as redis-cli sends it.</summary>
    public static byte[] Command(params string[] parts) =>
        System.Text.Encoding.ASCII.GetBytes($"*{parts.Length}\r\n" + string.Concat(parts.Select(p => $"${p.Length}\r\n{p}\r\n")));
}
