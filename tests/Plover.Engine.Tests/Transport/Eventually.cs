namespace Plover.Engine.Tests.Transport;

/// <summary>Polls a condition until it holds, failing the test with a description if it does not within a bounded time.</summary>
internal static class Eventually
{
    public static readonly TimeSpan TimeoutDefault = TimeSpan.FromSeconds(20);

    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeoutDefault);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting until {what}");
            await Task.Delay(10);
        }
    }

    public static async Task<T> WithinAsync<T>(Task<T> task, string what, TimeSpan? timeout = null)
    {
        Task finished = await Task.WhenAny(task, Task.Delay(timeout ?? TimeoutDefault));
        if (finished != task) Assert.Fail($"timed out waiting for {what}");
        return await task;
    }

    public static async Task WithinAsync(Task task, string what, TimeSpan? timeout = null)
    {
        Task finished = await Task.WhenAny(task, Task.Delay(timeout ?? TimeoutDefault));
        if (finished != task) Assert.Fail($"timed out waiting for {what}");
        await task;
    }
}
