namespace Plover.Cli.Run;

/// <summary>
/// Exit codes of `plover run` besides the guest's own: a guest that exits passes its code through
/// (as any WASI runtime does).
/// </summary>
internal static class RunExitCodes
{
    /// <summary>The guest trapped, ran out of fuel or memory, or broke the blocking protocol (128 + SIGABRT, as wasmtime).</summary>
    public const int GuestFailed = 134;

    /// <summary>Plover could not run the guest: no such file, an invalid module, a refused import, bad options, no socket.</summary>
    public const int CannotRun = 125;
}
