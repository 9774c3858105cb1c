namespace Plover.Sandbox;

/// <summary>Why a module was refused.</summary>
public enum ModuleErrorKind
{
    /// <summary>The bytes are not a well-formed binary module (decoding failed).</summary>
    Malformed,
    /// <summary>The module decodes but does not validate (typing, indices, limits).</summary>
    Invalid,
    /// <summary>The module is valid but uses a feature or exceeds a limit this engine does not support.</summary>
    Unsupported,
}

/// <summary>
/// A module that cannot be compiled: <see cref="Kind"/> says whether it is malformed, invalid or
/// unsupported, <see cref="Offset"/> where in the binary the problem is, and the message what.
/// </summary>
public sealed class WasmModuleException : Exception
{
    public WasmModuleException(ModuleErrorKind kind, long offset, string reason)
        : base($"{KindName(kind)} module at byte 0x{offset:X}: {reason}")
    {
        Kind = kind;
        Offset = offset;
        Reason = reason;
    }

    public ModuleErrorKind Kind { get; }

    /// <summary>Byte offset in the module binary where the problem was found.</summary>
    public long Offset { get; }

    /// <summary>What was wrong, without the position (the wording of the spec tests where one exists).</summary>
    public string Reason { get; }

    internal static WasmModuleException Malformed(long offset, string reason) => new(ModuleErrorKind.Malformed, offset, reason);
    internal static WasmModuleException Invalid(long offset, string reason) => new(ModuleErrorKind.Invalid, offset, reason);
    internal static WasmModuleException Unsupported(long offset, string reason) => new(ModuleErrorKind.Unsupported, offset, reason);

    private static string KindName(ModuleErrorKind kind) => kind switch
    {
        ModuleErrorKind.Malformed => "malformed",
        ModuleErrorKind.Invalid => "invalid",
        _ => "unsupported",
    };
}
