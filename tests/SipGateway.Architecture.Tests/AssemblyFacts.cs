using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace SipGateway.Architecture.Tests;

internal sealed record FieldFacts(string Name, bool IsPublic, bool IsStatic, bool IsReadOnly, bool IsConstant, string TypeName);

/// <summary>A method's parameter types and the external members its IL calls ("System.Console::WriteLine").</summary>
internal sealed record MethodFacts(string Name, IReadOnlyList<string> ParameterTypes, IReadOnlyList<string> Calls);

internal sealed record TypeFacts(string FullName, string Name, bool IsCompilerGenerated, IReadOnlyList<FieldFacts> Fields, IReadOnlyList<MethodFacts> Methods)
{
    public string Namespace
    {
        get
        {
            string outer = FullName.Split('+')[0];
            int dot = outer.LastIndexOf('.');
            return dot < 0 ? "" : outer[..dot];
        }
    }
}

/// <summary>
/// What the rules need from one built assembly, read from its metadata with System.Reflection.Metadata (nothing is
/// loaded or run, so an assembly's own dependencies need not resolve).
/// </summary>
internal sealed record AssemblyFacts(string Name, IReadOnlyList<string> References, IReadOnlyList<TypeFacts> Types)
{
    public static AssemblyFacts Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var names = new SignatureTypeNames();
        var references = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();
        var types = new List<TypeFacts>();
        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            string fullName = SignatureTypeNames.FullName(md, handle);
            if (fullName == "<Module>") continue;
            var fields = type.GetFields().Select(h => md.GetFieldDefinition(h)).Select(f => new FieldFacts(
                md.GetString(f.Name),
                (f.Attributes & FieldAttributes.FieldAccessMask) == FieldAttributes.Public,
                f.Attributes.HasFlag(FieldAttributes.Static),
                f.Attributes.HasFlag(FieldAttributes.InitOnly),
                f.Attributes.HasFlag(FieldAttributes.Literal),
                f.DecodeSignature(names, null))).ToList();
            var methods = type.GetMethods().Select(h => md.GetMethodDefinition(h)).Select(m => new MethodFacts(
                md.GetString(m.Name),
                m.DecodeSignature(names, null).ParameterTypes,
                m.RelativeVirtualAddress == 0 ? [] : IlCalls.Of(md, pe.GetMethodBody(m.RelativeVirtualAddress)))).ToList();
            types.Add(new TypeFacts(fullName, md.GetString(type.Name), IsCompilerGenerated(md, handle), fields, methods));
        }
        return new AssemblyFacts(md.GetString(md.GetAssemblyDefinition().Name), references, types);
    }

    /// <summary>Closures, iterators, async state machines, anonymous types: named "&lt;...&gt;" or marked, in the type or an outer one.</summary>
    private static bool IsCompilerGenerated(MetadataReader md, TypeDefinitionHandle handle)
    {
        for (var h = handle; !h.IsNil; h = md.GetTypeDefinition(h).GetDeclaringType())
        {
            var type = md.GetTypeDefinition(h);
            if (md.GetString(type.Name).StartsWith('<')) return true;
            foreach (var a in type.GetCustomAttributes())
                if (AttributeTypeName(md, md.GetCustomAttribute(a)) == "System.Runtime.CompilerServices.CompilerGeneratedAttribute") return true;
        }
        return false;
    }

    private static string? AttributeTypeName(MetadataReader md, CustomAttribute attribute)
    {
        if (attribute.Constructor.Kind != HandleKind.MemberReference) return null;
        var parent = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
        return parent.Kind == HandleKind.TypeReference ? SignatureTypeNames.FullName(md, (TypeReferenceHandle)parent) : null;
    }
}
