namespace Plover.Sandbox.Wasi.State;

/// <summary>
/// The constants of the library OS state blob. Layout (little-endian): magic, version, mode tag,
/// clock and random state, network (flag; listening; connections by increasing id; accept queue
/// in order), descriptors by increasing number, blocked call (flag; details).
/// </summary>
internal static class WasiStateFormat
{
    public static ReadOnlySpan<byte> Magic => "PLWS"u8;

    public const ushort Version = 1;

    public const byte StdioKind = 1;
    public const byte ListenerKind = 2;
    public const byte ConnectionKind = 3;
    public const byte PreopenKind = 4;

    public const byte PeerClosedBit = 1 << 0;
    public const byte ReadShutdownBit = 1 << 1;
    public const byte WriteShutdownBit = 1 << 2;
    public const byte InputPausedBit = 1 << 3;
    public const byte AcceptedBit = 1 << 4;
    public const byte ConnectionBitsAll = (1 << 5) - 1;

    public const int BlockedArgumentsMax = 16;
    public const int BlockedInterestsMax = (int)WasiLibraryOs.PollSubscriptionsMax;
}
