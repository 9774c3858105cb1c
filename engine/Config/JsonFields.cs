using System.Net;
using System.Text.Json;

namespace Plover.Engine.Config;

/// <summary>One JSON object of a config file, read field by field with errors that name the field's path.</summary>
internal sealed class JsonFields
{
    private readonly JsonElement element;
    private readonly string path;
    private readonly string source;

    public JsonFields(JsonElement element, string path, string source)
    {
        this.path = path;
        this.source = source;
        if (element.ValueKind != JsonValueKind.Object)
            throw new NodeConfigException(source, path.Length == 0 ? "(root)" : path, $"must be an object, not {NodeConfigReader.Describe(element.ValueKind)}");
        this.element = element;
    }

    public NodeConfigException Error(string field, string reason) => new(source, FieldPath(field), reason);

    public void RefuseUnknown(IReadOnlyCollection<string> known)
    {
        foreach (JsonProperty property in element.EnumerateObject())
            if (!known.Contains(property.Name))
                throw Error(property.Name, $"unknown field (known: {string.Join(", ", known)})");
    }

    public string RequiredString(string field)
    {
        JsonElement value = Required(field);
        if (value.ValueKind != JsonValueKind.String) throw WrongKind(field, "a string", value);
        string text = value.GetString()!;
        if (text.Length == 0) throw Error(field, "must not be empty");
        return text;
    }

    public string? OptionalString(string field)
    {
        if (!element.TryGetProperty(field, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return null;
        return RequiredString(field);
    }

    public int RequiredInt(string field, int min, int max)
    {
        JsonElement value = Required(field);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long number)) throw WrongKind(field, "an integer", value);
        if (number < min || number > max) throw Error(field, $"must be between {min} and {max}, got {number}");
        return (int)number;
    }

    public int OptionalInt(string field, int fallback, int min, int max) =>
        element.TryGetProperty(field, out _) ? RequiredInt(field, min, max) : fallback;

    public long OptionalLong(string field, long fallback, long min, long max)
    {
        if (!element.TryGetProperty(field, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return fallback;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long number)) throw WrongKind(field, "an integer", value);
        if (number < min || number > max) throw Error(field, $"must be between {min} and {max}, got {number}");
        return number;
    }

    public T OptionalEnum<T>(string field, T fallback, TryParser<T> parse, string allowed)
    {
        string? text = OptionalString(field);
        if (text is null) return fallback;
        return parse(text, out T value) ? value : throw Error(field, $"'{text}' is not one of {allowed}");
    }

    public IPEndPoint RequiredEndPoint(string field)
    {
        string text = RequiredString(field);
        return NodeConfigReader.TryParseEndPoint(text, out IPEndPoint endpoint)
            ? endpoint
            : throw Error(field, $"'{text}' is not an IP address and port (such as 127.0.0.1:7001)");
    }

    public JsonFields? OptionalObject(string field) =>
        element.TryGetProperty(field, out JsonElement value) && value.ValueKind != JsonValueKind.Null
            ? new JsonFields(value, FieldPath(field), source)
            : null;

    public IReadOnlyList<JsonFields> RequiredArray(string field)
    {
        JsonElement value = Required(field);
        if (value.ValueKind != JsonValueKind.Array) throw WrongKind(field, "an array", value);
        return value.EnumerateArray().Select((item, i) => new JsonFields(item, $"{FieldPath(field)}[{i}]", source)).ToArray();
    }

    public IReadOnlyList<string>? OptionalStringArray(string field)
    {
        if (!element.TryGetProperty(field, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array) throw WrongKind(field, "an array of strings", value);
        var items = new List<string>();
        foreach (JsonElement item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) throw Error($"{field}[{items.Count}]", $"must be a string, not {NodeConfigReader.Describe(item.ValueKind)}");
            items.Add(item.GetString()!);
        }
        return items;
    }

    public delegate bool TryParser<T>(string text, out T value);

    private JsonElement Required(string field) =>
        element.TryGetProperty(field, out JsonElement value) && value.ValueKind != JsonValueKind.Null ? value : throw Error(field, "is required");

    private NodeConfigException WrongKind(string field, string expected, JsonElement value) =>
        Error(field, $"must be {expected}, not {NodeConfigReader.Describe(value.ValueKind)}");

    private string FieldPath(string field) => path.Length == 0 ? field : $"{path}.{field}";
}
