using Microsoft.Extensions.Logging;

namespace Plover.Engine.Transport;

/// <summary>
/// The transport's long-running tasks (accept loop, dialers, connections), tracked so shutdown can
/// wait for every one of them. A task that fails is a bug, and is logged rather than lost.
/// </summary>
internal sealed class BackgroundTasks
{
    private readonly object gate = new();
    private readonly HashSet<Task> running = [];
    private readonly ILogger logger;

    public BackgroundTasks(ILogger logger)
    {
        this.logger = logger;
    }

    /// <summary>Tasks not yet finished.</summary>
    public int Count
    {
        get { lock (gate) return running.Count(t => !t.IsCompleted); }
    }

    public void Run(string name, Func<Task> work)
    {
        Task task = Task.Run(work);
        lock (gate) running.Add(task);
        // Attached after the add, so the removal always follows it even if the task is already done.
        task.ContinueWith(finished =>
        {
            lock (gate) running.Remove(finished);
            if (finished.Exception is { } failure) TransportLog.TaskFailed(logger, failure.GetBaseException(), name);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Waits until every task, including any started meanwhile, has finished.</summary>
    public async Task WhenAllAsync()
    {
        while (true)
        {
            Task[] pending;
            lock (gate) pending = running.Where(t => !t.IsCompleted).ToArray();
            if (pending.Length == 0) return;
            // Failures were logged by the continuation; here only completion matters.
            await Task.WhenAll(pending).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }
}
