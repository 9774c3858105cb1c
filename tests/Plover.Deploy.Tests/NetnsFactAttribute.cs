using System.Diagnostics;

namespace Plover.Deploy.Tests;

/// <summary>
/// A test that needs root and working network namespaces (`ip netns`). Elsewhere (an unprivileged
/// user, a container without CAP_NET_ADMIN) it is skipped, and the skip says which of the two is missing.
/// </summary>
public sealed class NetnsFactAttribute : FactAttribute
{
    public NetnsFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess) Skip = "needs root: the rehearsal creates network namespaces";
        else if (CannotCreateNamespace() is { } reason) Skip = $"`ip netns add` does not work here: {reason}";
    }

    private static string? CannotCreateNamespace()
    {
        string name = $"plvprobe{Environment.ProcessId}";
        try
        {
            (int code, string error) = Run("ip", "netns", "add", name);
            if (code != 0) return error.Trim();
            Run("ip", "netns", "del", name);
            return null;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"cannot run ip ({e.Message}); scripts/setup installs iproute2";
        }
    }

    private static (int Code, string Error) Run(string program, params string[] arguments)
    {
        using Process process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, UseShellExecute = false })!;
        string error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(10_000)) process.Kill();
        return (process.ExitCode, error);
    }
}
