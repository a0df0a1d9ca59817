namespace SipGateway.Features.ExtendConnect.Errors;

/// <summary>A refused CTI request (see <see cref="CtiError"/>).</summary>
public sealed class CtiException(CtiError error) : Exception($"{error.Code}: {error.Detail}")
{
    public CtiError Error { get; } = error;
}
