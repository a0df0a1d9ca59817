using System.Net;

namespace SipGateway.Features.Paging.Tests;

public class CiscoExecuteClientTests
{
    private static readonly PagingPhone Phone = new("SEPCISCO01", PagingMode.CiscoExecute, new Uri("http://10.1.1.20"), "pager", "s3cret");

    [Fact]
    public void Join_and_stop_items_use_the_Cisco_URIs()
    {
        Assert.Equal("RTPMRx:239.10.0.1:20480:50", CiscoExecuteClient.JoinUrl(IPEndPoint.Parse("239.10.0.1:20480"), 50));
        Assert.Equal("RTPRx:Stop", CiscoExecuteClient.StopUrl);
        Assert.Equal("<CiscoIPPhoneExecute><ExecuteItem Priority=\"0\" URL=\"RTPRx:Stop\"/></CiscoIPPhoneExecute>", CiscoExecuteClient.ExecuteXml("RTPRx:Stop"));
        Assert.Equal(new Uri("http://10.1.1.20/CGI/Execute"), CiscoExecuteClient.ExecuteUri(new Uri("http://10.1.1.20")));
        Assert.Equal(new Uri("http://10.1.1.20:8080/CGI/Execute"), CiscoExecuteClient.ExecuteUri(new Uri("http://10.1.1.20:8080/CGI/Execute")));
    }

    [Fact]
    public async Task Posts_the_object_in_the_XML_form_field_with_basic_auth()
    {
        var handler = new RecordingHandler();
        await new CiscoExecuteClient(new HttpClient(handler)).ExecuteAsync(Phone, "RTPMRx:239.10.0.1:20480:50", CancellationToken.None);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://10.1.1.20/CGI/Execute", request.Uri.ToString());
        Assert.Equal("Basic cGFnZXI6czNjcmV0", request.Authorization);
        Assert.StartsWith("XML=", request.Form);
        Assert.Equal("<CiscoIPPhoneExecute><ExecuteItem Priority=\"0\" URL=\"RTPMRx:239.10.0.1:20480:50\"/></CiscoIPPhoneExecute>", handler.Xml[0]);
    }

    [Fact]
    public async Task Refusals_name_the_phone_and_the_cause()
    {
        var unauthorized = new CiscoExecuteClient(new HttpClient(new RecordingHandler(HttpStatusCode.Unauthorized, "")));
        var ex = await Assert.ThrowsAsync<PagingRecipientException>(() => unauthorized.ExecuteAsync(Phone, "RTPRx:Stop", CancellationToken.None));
        Assert.Contains("SEPCISCO01: HTTP 401", ex.Message);
        Assert.Contains("check PagingUser and PagingPassword", ex.Message);

        var error = new CiscoExecuteClient(new HttpClient(new RecordingHandler(HttpStatusCode.OK, "<CiscoIPPhoneError Number=\"6\"/>")));
        ex = await Assert.ThrowsAsync<PagingRecipientException>(() => error.ExecuteAsync(Phone, "RTPRx:Stop", CancellationToken.None));
        Assert.Contains("CiscoIPPhoneError Number=\"6\"", ex.Message);
    }
}

public class LinksysControlSenderTests
{
    [Fact]
    public void Control_packet_is_id_command_address_port_big_endian()
    {
        var packet = LinksysControlSender.Packet(0x01020304, LinksysControlSender.StartCommand, IPEndPoint.Parse("239.10.0.1:20480"));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 0, 0, 0, 6, 239, 10, 0, 1, 0, 0, 0x50, 0x00 }, packet);
        Assert.Equal(7, LinksysControlSender.Packet(1, LinksysControlSender.StopCommand, IPEndPoint.Parse("239.10.0.1:20480"))[7]);
    }
}
