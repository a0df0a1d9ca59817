using System.Text.Json;
using System.Text.Json.Serialization;

namespace SipGateway.Routing;

/// <summary>Reads a route list entry written as a bare route group name or as an object with overrides.</summary>
public sealed class RouteListEntryJsonConverter : JsonConverter<RouteListEntryOptions>
{
    public override RouteListEntryOptions Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
            return new RouteListEntryOptions { RouteGroup = reader.GetString() ?? "" };
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("A route list entry is a route group name or an object with RouteGroup.");

        var entry = new RouteListEntryOptions();
        var comparison = options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString() ?? "";
            reader.Read();
            if (Is(name, nameof(entry.UseCallingPartyExternalPhoneNumberMask), comparison))
            {
                entry.UseCallingPartyExternalPhoneNumberMask = reader.TokenType == JsonTokenType.Null ? null : reader.GetBoolean();
                continue;
            }
            var value = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            if (Is(name, nameof(entry.RouteGroup), comparison)) entry.RouteGroup = value ?? "";
            else if (Is(name, nameof(entry.DiscardDigits), comparison)) entry.DiscardDigits = value;
            else if (Is(name, nameof(entry.CalledPartyTransformMask), comparison)) entry.CalledPartyTransformMask = value;
            else if (Is(name, nameof(entry.CalledPartyPrefixDigits), comparison)) entry.CalledPartyPrefixDigits = value;
            else if (Is(name, nameof(entry.CallingPartyTransformMask), comparison)) entry.CallingPartyTransformMask = value;
            else if (Is(name, nameof(entry.CallingPartyPrefixDigits), comparison)) entry.CallingPartyPrefixDigits = value;
        }
        return entry;
    }

    public override void Write(Utf8JsonWriter writer, RouteListEntryOptions value, JsonSerializerOptions options)
    {
        if (!value.HasOverrides)
        {
            writer.WriteStringValue(value.RouteGroup);
            return;
        }
        writer.WriteStartObject();
        writer.WriteString(nameof(value.RouteGroup), value.RouteGroup);
        WriteIfSet(writer, nameof(value.DiscardDigits), value.DiscardDigits);
        WriteIfSet(writer, nameof(value.CalledPartyTransformMask), value.CalledPartyTransformMask);
        WriteIfSet(writer, nameof(value.CalledPartyPrefixDigits), value.CalledPartyPrefixDigits);
        WriteIfSet(writer, nameof(value.CallingPartyTransformMask), value.CallingPartyTransformMask);
        WriteIfSet(writer, nameof(value.CallingPartyPrefixDigits), value.CallingPartyPrefixDigits);
        if (value.UseCallingPartyExternalPhoneNumberMask is bool use)
            writer.WriteBoolean(nameof(value.UseCallingPartyExternalPhoneNumberMask), use);
        writer.WriteEndObject();
    }

    private static bool Is(string name, string property, StringComparison comparison) => string.Equals(name, property, comparison);

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null) writer.WriteString(name, value);
    }
}
