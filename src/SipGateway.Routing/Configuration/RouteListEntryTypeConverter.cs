using System.ComponentModel;
using System.Globalization;

namespace SipGateway.Routing;

/// <summary>
/// Lets Microsoft.Extensions.Configuration bind the short form (<c>"RL_PSTN": ["RG_SJC"]</c>): the binder
/// converts a string value through the type's TypeConverter; the object form binds property by property.
/// </summary>
public sealed class RouteListEntryTypeConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string name ? new RouteListEntryOptions { RouteGroup = name } : base.ConvertFrom(context, culture, value);
}
