using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace SipGateway.Architecture.Tests;

/// <summary>
/// The members of other assemblies a method body calls, as "Type::Member" (ECMA-335 III: call, callvirt, newobj, ldftn
/// and the other InlineMethod opcodes). Walks the IL opcode by opcode, so operand bytes are never taken for opcodes.
/// </summary>
internal static class IlCalls
{
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes).GetFields()
        .Select(f => (OpCode)f.GetValue(null)!)
        .DistinctBy(op => op.Value)
        .ToDictionary(op => op.Value, op => op.OperandType);

    public static IReadOnlyList<string> Of(MetadataReader md, MethodBodyBlock body)
    {
        var calls = new List<string>();
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            short code = il.ReadByte();
            if (code == 0xFE) code = unchecked((short)(0xFE00 | il.ReadByte()));
            if (!Operands.TryGetValue(code, out var operand))
                throw new BadImageFormatException($"unknown IL opcode 0x{code:X4}");
            switch (operand)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: il.ReadByte(); break;
                case OperandType.InlineVar: il.ReadInt16(); break;
                case OperandType.InlineI8 or OperandType.InlineR: il.ReadInt64(); break;
                case OperandType.InlineSwitch:
                    int n = il.ReadInt32();
                    for (int i = 0; i < n; i++) il.ReadInt32();
                    break;
                case OperandType.InlineMethod:
                    if (Describe(md, MetadataTokens.EntityHandle(il.ReadInt32())) is { } call) calls.Add(call);
                    break;
                default: il.ReadInt32(); break; // the other inline operands are 4 bytes (tokens, int32, float32, branch)
            }
        }
        return calls;
    }

    private static string? Describe(MetadataReader md, EntityHandle handle)
    {
        if (handle.Kind == HandleKind.MethodSpecification) handle = md.GetMethodSpecification((MethodSpecificationHandle)handle).Method;
        if (handle.Kind != HandleKind.MemberReference) return null; // a method of this assembly
        var member = md.GetMemberReference((MemberReferenceHandle)handle);
        string owner = member.Parent.Kind switch
        {
            HandleKind.TypeReference => SignatureTypeNames.FullName(md, (TypeReferenceHandle)member.Parent),
            HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)member.Parent).DecodeSignature(new SignatureTypeNames(), null),
            HandleKind.TypeDefinition => SignatureTypeNames.FullName(md, (TypeDefinitionHandle)member.Parent),
            _ => "?",
        };
        return owner + "::" + md.GetString(member.Name);
    }
}
