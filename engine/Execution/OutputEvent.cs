namespace Plover.Engine.Execution;

/// <summary>What the guest did on a client connection, to be passed on to the client once released.</summary>
public enum OutputKind : byte
{
    Data,
    /// <summary>The guest will send nothing more (write shutdown).</summary>
    Shutdown,
    /// <summary>The guest closed the connection (or refused it).</summary>
    Close,
}

/// <summary>One output of the guest for one connection.</summary>
public readonly record struct OutputEvent(ulong Connection, OutputKind Kind, byte[]? Data)
{
    public static OutputEvent Bytes(ulong connection, byte[] data) => new(connection, OutputKind.Data, data);

    public static OutputEvent ShutdownOf(ulong connection) => new(connection, OutputKind.Shutdown, null);

    public static OutputEvent CloseOf(ulong connection) => new(connection, OutputKind.Close, null);
}

/// <summary>Where released outputs go: the node's front door, which owns client sockets and forwards.</summary>
public interface IOutputRouter
{
    /// <summary>Called on the executor's thread, in output order; must not block.</summary>
    void Release(OutputEvent output);

    /// <summary>The guest's unread input for a connection reached its high-water mark: hold the client's further bytes back.</summary>
    void PauseReceiving(ulong connection);

    /// <summary>The guest's unread input for a connection fell below its low-water mark: the client may send again.</summary>
    void ResumeReceiving(ulong connection);

    /// <summary>
    /// This host delivered <paramref name="bytes"/> of a client's input to its guest (executor's
    /// thread, on every host that executes): the node holding the client may read that much more.
    /// </summary>
    void InputExecuted(ulong connection, int bytes);
}
