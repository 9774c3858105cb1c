using System.Text.Json;

namespace Plover.Cli.Log;

/// <summary>Numbers that may be unknown: written as JSON null rather than left out, so every document has the same fields.</summary>
public static class JsonNullable
{
    public static void Write(Utf8JsonWriter j, string name, ulong? value)
    {
        if (value is { } v) j.WriteNumber(name, v);
        else j.WriteNull(name);
    }

    public static void Write(Utf8JsonWriter j, string name, long? value)
    {
        if (value is { } v) j.WriteNumber(name, v);
        else j.WriteNull(name);
    }

    public static void Write(Utf8JsonWriter j, string name, uint? value)
    {
        if (value is { } v) j.WriteNumber(name, v);
        else j.WriteNull(name);
    }

    public static void Write(Utf8JsonWriter j, string name, string? value)
    {
        if (value is { } v) j.WriteString(name, v);
        else j.WriteNull(name);
    }
}
