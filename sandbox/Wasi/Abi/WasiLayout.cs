namespace Plover.Sandbox.Wasi.Abi;

/// <summary>
/// Sizes and field offsets of the preview1 structures in wasm32 linear memory (little-endian),
/// as wasi-libc's <c>wasi/api.h</c> asserts them.
/// </summary>
public static class WasiLayout
{
    public const uint IovecSize = 8;
    public const uint IovecBufOffset = 0;
    public const uint IovecLengthOffset = 4;

    public const uint FdstatSize = 24;
    public const uint FdstatFiletypeOffset = 0;
    public const uint FdstatFlagsOffset = 2;
    public const uint FdstatRightsBaseOffset = 8;
    public const uint FdstatRightsInheritingOffset = 16;

    public const uint FilestatSize = 64;
    public const uint FilestatDeviceOffset = 0;
    public const uint FilestatInodeOffset = 8;
    public const uint FilestatFiletypeOffset = 16;
    public const uint FilestatLinkCountOffset = 24;
    public const uint FilestatSizeOffset = 32;
    public const uint FilestatAccessTimeOffset = 40;
    public const uint FilestatModificationTimeOffset = 48;
    public const uint FilestatChangeTimeOffset = 56;

    public const uint DirentSize = 24;
    public const uint DirentNextOffset = 0;
    public const uint DirentInodeOffset = 8;
    public const uint DirentNameLengthOffset = 16;
    public const uint DirentTypeOffset = 20;

    public const uint PrestatSize = 8;
    public const uint PrestatTagOffset = 0;
    public const uint PrestatNameLengthOffset = 4;
    public const byte PrestatTagDirectory = 0;

    public const uint SubscriptionSize = 48;
    public const uint SubscriptionUserdataOffset = 0;
    public const uint SubscriptionTagOffset = 8;
    public const uint SubscriptionClockIdOffset = 16;
    public const uint SubscriptionClockTimeoutOffset = 24;
    public const uint SubscriptionClockPrecisionOffset = 32;
    public const uint SubscriptionClockFlagsOffset = 40;
    public const uint SubscriptionFdOffset = 16;

    public const uint EventSize = 32;
    public const uint EventUserdataOffset = 0;
    public const uint EventErrorOffset = 8;
    public const uint EventTypeOffset = 10;
    public const uint EventBytesOffset = 16;
    public const uint EventFlagsOffset = 24;
}
