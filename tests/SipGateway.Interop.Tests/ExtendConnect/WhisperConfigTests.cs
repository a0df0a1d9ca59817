using SipGateway.Configuration;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>ExtendConnect:WhisperAnnouncement and ExtendConnect:ZipToneMs as the gateway reads them, and their bad values.</summary>
public class WhisperConfigTests
{
    private static string Write(Action<System.Text.Json.Nodes.JsonObject> change)
    {
        var config = ExtendConnectConfig.Build(5090, 5092);
        change(config);
        var path = Path.Combine(Directory.CreateTempSubdirectory("ec-config-").FullName, "gateway.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    private static string Error(Action<System.Text.Json.Nodes.JsonObject> change) =>
        Assert.Throws<ConfigurationError>(() => GatewaySettings.Load(["--config", Write(change)])).Message;

    [Fact]
    public void The_zip_tone_is_one_short_beep_by_default_and_its_length_is_configurable()
    {
        var byDefault = GatewaySettings.Load(["--config", Write(_ => { })]).ExtendConnect;
        Assert.Equal("440/100", byDefault.ZipTone!.Cadence);
        Assert.Null(byDefault.WhisperAnnouncement);
        var shorter = GatewaySettings.Load(["--config", Write(c => c["ExtendConnect"]!["ZipToneMs"] = 40)]).ExtendConnect;
        Assert.Equal("440/40", shorter.ZipTone!.Cadence);
        var off = GatewaySettings.Load(["--config", Write(c => c["ExtendConnect"]!["ZipTone"] = false)]).ExtendConnect;
        Assert.Null(off.ZipTone);
    }

    [Fact]
    public void A_whisper_announcement_is_a_configured_announcement()
    {
        var options = GatewaySettings.Load(["--config", Write(c => c["ExtendConnect"]!["WhisperAnnouncement"] = "VoiceConnect")]).ExtendConnect;
        Assert.Equal("VoiceConnect", options.WhisperAnnouncement!.Name);
        Assert.True(options.WhisperAnnouncement.Duration > TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void An_unknown_whisper_announcement_is_refused() =>
        Assert.Contains("ExtendConnect:WhisperAnnouncement = 'Nope': no such announcement in Media:Announcements",
            Error(c => c["ExtendConnect"]!["WhisperAnnouncement"] = "Nope"));

    [Fact]
    public void A_zip_tone_length_out_of_range_is_refused() =>
        Assert.Contains("ExtendConnect:ZipToneMs = '5': expected a number from 20 to 2000",
            Error(c => c["ExtendConnect"]!["ZipToneMs"] = 5));
}
