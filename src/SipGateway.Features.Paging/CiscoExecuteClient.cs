using System.Net;
using System.Net.Http.Headers;
using System.Security;
using System.Text;

namespace SipGateway.Features.Paging;

/// <summary>
/// Pushes a CiscoIPPhoneExecute object to a Cisco phone's web server: HTTP POST to /CGI/Execute with the object in the
/// form field XML and HTTP Basic authentication with the phone user's credentials (Cisco IP Phone Services developer
/// guide, "CiscoIPPhoneExecute"). RTPMRx:group:port:volume makes the phone receive multicast RTP; RTPRx:Stop ends it.
/// </summary>
public sealed class CiscoExecuteClient(HttpClient http)
{
    public const string StopUrl = "RTPRx:Stop";

    public static string JoinUrl(IPEndPoint group, int volume) => $"RTPMRx:{group.Address}:{group.Port}:{volume}";

    public static string ExecuteXml(string url) =>
        $"<CiscoIPPhoneExecute><ExecuteItem Priority=\"0\" URL=\"{SecurityElement.Escape(url)}\"/></CiscoIPPhoneExecute>";

    /// <summary>The phone's execute address: PagingUrl as given when it names /CGI/Execute, else PagingUrl + /CGI/Execute.</summary>
    public static Uri ExecuteUri(Uri phone) => phone.AbsolutePath.EndsWith("/CGI/Execute", StringComparison.OrdinalIgnoreCase)
        ? phone
        : new Uri(phone, "/CGI/Execute");

    /// <summary>Posts one execute item. Throws <see cref="PagingRecipientException"/> with the reason when the phone refuses.</summary>
    public async Task ExecuteAsync(PagingPhone phone, string url, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, ExecuteUri(phone.Url!))
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("XML", ExecuteXml(url))]),
        };
        if (phone.User is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{phone.User}:{phone.Password}")));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new PagingRecipientException($"{phone.Device}: {ExecuteUri(phone.Url!)} unreachable ({ex.Message})");
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new PagingRecipientException($"{phone.Device}: HTTP {(int)response.StatusCode} {response.ReasonPhrase} for {url}" +
                    (response.StatusCode == HttpStatusCode.Unauthorized ? " (check PagingUser and PagingPassword)" : ""));
            // A phone that accepts the request but not the object answers 200 with a CiscoIPPhoneError.
            if (body.Contains("<CiscoIPPhoneError", StringComparison.OrdinalIgnoreCase))
                throw new PagingRecipientException($"{phone.Device}: phone answered {body.Trim()} for {url}");
        }
    }
}
