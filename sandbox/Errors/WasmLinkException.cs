namespace Plover.Sandbox;

/// <summary>
/// An import that cannot be satisfied: nothing is defined under its name, or what is defined has
/// the wrong kind or type. Names the import and both types.
/// </summary>
public sealed class WasmLinkException : Exception
{
    public WasmLinkException(string moduleName, string fieldName, string expected, string? actual)
        : base(actual is null
            ? $"unknown import \"{moduleName}\".\"{fieldName}\": nothing is defined under that name (expected {expected})"
            : $"incompatible import type for \"{moduleName}\".\"{fieldName}\": expected {expected}, got {actual}")
    {
        ModuleName = moduleName;
        FieldName = fieldName;
        Expected = expected;
        Actual = actual;
    }

    public string ModuleName { get; }
    public string FieldName { get; }

    /// <summary>The type the importing module declares.</summary>
    public string Expected { get; }

    /// <summary>The type of what is defined under the name, or null when nothing is.</summary>
    public string? Actual { get; }

    /// <summary>True when nothing was defined under the import's name.</summary>
    public bool IsUnknownImport => Actual is null;
}
