namespace Plover.Sandbox;

/// <summary>The kind of an import or export; values are the binary format's bytes.</summary>
public enum ExternalKind : byte
{
    Function = 0,
    Table = 1,
    Memory = 2,
    Global = 3,
}
