using Plover.Engine.Execution;

namespace Plover.Engine.Tests.Execution;

public class OutputBufferTests
{
    private sealed class Router : IOutputRouter
    {
        public List<OutputEvent> Released { get; } = [];

        public void Release(OutputEvent output) => Released.Add(output);

        public void PauseReceiving(ulong connection)
        {
        }

        public void ResumeReceiving(ulong connection)
        {
        }

        public void InputExecuted(ulong connection, int bytes)
        {
        }
    }

    [Fact]
    public void Outputs_leave_in_order_only_once_their_epoch_is_held_by_a_majority()
    {
        var router = new Router();
        var buffer = new OutputBuffer(router);
        buffer.Keep(true);
        buffer.Open(1);
        buffer.Send(5, "a"u8);
        buffer.Open(2);
        buffer.Send(5, "b"u8);
        buffer.Close(5);
        buffer.Open(3);
        Assert.True(buffer.PendingCount == 3);
        buffer.ReleaseThrough(1);
        Assert.Equal("a"u8.ToArray(), Assert.Single(router.Released).Data);
        buffer.ReleaseThrough(2);
        Assert.Equal([OutputKind.Data, OutputKind.Data, OutputKind.Close], router.Released.Select(o => o.Kind));
        Assert.Equal(0, buffer.PendingBytes);
    }

    [Fact]
    public void An_epoch_not_yet_ended_cannot_be_released()
    {
        var buffer = new OutputBuffer(new Router());
        buffer.Keep(true);
        buffer.Open(4);
        Assert.Throws<InvariantViolationException>(() => buffer.ReleaseThrough(5));
    }

    [Fact]
    public void A_host_that_is_not_primary_keeps_nothing()
    {
        var router = new Router();
        var buffer = new OutputBuffer(router);
        buffer.Open(1);
        buffer.Send(5, "a"u8);
        Assert.Equal(0, buffer.PendingCount);
        buffer.Keep(true);
        buffer.Send(5, "b"u8);
        buffer.Keep(false);
        Assert.Equal(0, buffer.PendingCount);
        buffer.ReleaseAll();
        Assert.Empty(router.Released);
    }
}
