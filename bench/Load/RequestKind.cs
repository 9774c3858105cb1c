namespace Plover.Bench.Load;

public enum RequestKind : byte
{
    Set,
    Get,
}
