namespace SipGateway.Features.Paging;

/// <summary>A phone could not be told to join or leave a page; the message says which phone and why.</summary>
public sealed class PagingRecipientException(string message) : Exception(message);
