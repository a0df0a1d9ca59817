using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace SipGateway.Architecture.Tests;

/// <summary>Decodes metadata signatures to readable type names: "System.Collections.Generic.List`1&lt;System.String&gt;", "System.Int32[]".</summary>
internal sealed class SignatureTypeNames : ISignatureTypeProvider<string, object?>
{
    public static string FullName(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var outer = type.GetDeclaringType();
        if (!outer.IsNil) return FullName(md, outer) + "+" + md.GetString(type.Name);
        string ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? md.GetString(type.Name) : ns + "." + md.GetString(type.Name);
    }

    public static string FullName(MetadataReader md, TypeReferenceHandle handle)
    {
        var type = md.GetTypeReference(handle);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
            return FullName(md, (TypeReferenceHandle)type.ResolutionScope) + "+" + md.GetString(type.Name);
        string ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? md.GetString(type.Name) : ns + "." + md.GetString(type.Name);
    }

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode;
    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => FullName(reader, handle);
    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => FullName(reader, handle);
    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    public string GetSZArrayType(string elementType) => elementType + "[]";
    public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";
    public string GetByReferenceType(string elementType) => elementType + "&";
    public string GetPointerType(string elementType) => elementType + "*";
    public string GetPinnedType(string elementType) => elementType;
    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType + "<" + string.Join(",", typeArguments) + ">";
    public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
    public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;
    public string GetFunctionPointerType(MethodSignature<string> signature) => "method*";
}
