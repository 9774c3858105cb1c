namespace Plover.Cli.Run;

/// <summary>
/// Runs guest code on a dedicated thread with a stack large enough for the machine's call-stack
/// budget (compiled wasm frames run on the calling thread's stack).
/// </summary>
internal static class GuestThread
{
    /// <summary>The guest's call-stack budget in estimated bytes: deep enough for recursive programs.</summary>
    public const int CallStackBytes = 8 * 1024 * 1024;

    /// <summary>Real stack for that budget (at most 0.7 bytes per byte of estimate) plus room for the host.</summary>
    public const int StackBytes = 16 * 1024 * 1024;

    public static T Run<T>(Func<T> body, string name)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, StackBytes) { Name = name };
        thread.Start();
        thread.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return result;
    }
}
