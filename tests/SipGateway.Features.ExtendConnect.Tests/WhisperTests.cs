using SipGateway.Features.ExtendConnect.Calls;
using SipGateway.Features.ExtendConnect.Errors;
using SipGateway.Media;
using SipGateway.Media.Audio;

namespace SipGateway.Features.ExtendConnect.Tests;

/// <summary>
/// Whisper announcement and zip tone on a persistent connection: the agent hears the whisper, then the zip tone, and
/// only then is the customer joined; stopping (any call state change) cuts whatever plays and skips the rest.
/// </summary>
public class WhisperTests
{
    private static readonly AudioClip Whisper = new("Whisper", new short[8000]);

    private static AnnouncementLibrary ShippedAnnouncements()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "media", "voice-connect.wav"))) dir = dir.Parent;
        Assert.True(dir is not null, "the repository's media/ folder was not found above " + AppContext.BaseDirectory);
        return AnnouncementLibrary.Load(new MediaOptions { Directory = Path.Combine(dir!.FullName, "media") });
    }

    private static FakeLeg AnsweredAgent()
    {
        var leg = new FakeLeg("rd:94001", null, null);
        leg.Answer();
        return leg;
    }

    [Fact]
    public void The_whisper_plays_first_then_the_zip_tone_then_it_completes()
    {
        var legs = new FakeCtiLegs { HoldPlayback = true };
        var agent = AnsweredAgent();
        AgentAlert.Start(legs, agent, Whisper, out var done);
        Assert.Equal(["Whisper"], legs.Played.Select(p => p.What));
        Assert.False(done.IsCompleted); // the customer is not joined during the whisper
        legs.Played[0].Playback.Finish();
        Assert.Equal(["Whisper", "zip"], legs.Played.Select(p => p.What));
        Assert.False(done.IsCompleted);
        legs.Played[1].Playback.Finish();
        Assert.True(done.IsCompletedSuccessfully);
        Assert.All(legs.Played, p => Assert.Same(agent, p.Leg));
    }

    [Fact]
    public void Without_a_whisper_only_the_zip_tone_plays()
    {
        var legs = new FakeCtiLegs { HoldPlayback = true };
        var alert = AgentAlert.Start(legs, AnsweredAgent(), null, out var done);
        Assert.Equal(["zip"], legs.Played.Select(p => p.What));
        Assert.Equal(["zip"], alert.Played);
        legs.Played[0].Playback.Finish();
        Assert.True(done.IsCompleted);
    }

    [Fact]
    public void Stopping_during_the_whisper_cuts_it_and_skips_the_zip_tone()
    {
        var legs = new FakeCtiLegs { HoldPlayback = true };
        var alert = AgentAlert.Start(legs, AnsweredAgent(), Whisper, out var done);
        alert.Stop();
        Assert.True(legs.Played[0].Playback.Stopped);
        Assert.True(done.IsCompleted);
        Assert.Equal(["Whisper"], legs.Played.Select(p => p.What));
    }

    [Fact]
    public void Stopping_during_the_zip_tone_cuts_it()
    {
        var legs = new FakeCtiLegs { HoldPlayback = true };
        var alert = AgentAlert.Start(legs, AnsweredAgent(), Whisper, out var done);
        legs.Played[0].Playback.Finish();
        alert.Stop();
        Assert.True(legs.Played[1].Playback.Stopped);
        Assert.False(legs.Played[0].Playback.Stopped);
        Assert.True(done.IsCompleted);
    }

    [Fact]
    public void Nothing_plays_to_an_agent_leg_that_has_ended()
    {
        var legs = new FakeCtiLegs();
        var agent = AnsweredAgent();
        agent.EndByPeer(200, "BYE");
        var alert = AgentAlert.Start(legs, agent, Whisper, out var done);
        Assert.Empty(legs.Played);
        Assert.Empty(alert.Played);
        Assert.True(done.IsCompleted);
    }

    [Fact]
    public void The_configured_whisper_is_the_default_and_a_request_may_name_another_or_none()
    {
        var library = ShippedAnnouncements();
        using var s = new CtiScenario(configure: o => o with { WhisperAnnouncement = Whisper, Announcements = library });
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        s.Rules.Book.Add("CTRIDbob", "94002", null, true);
        s.Rules.Book.Add("CTRIDcarol", "84003", null, true);
        s.Persistent.Create("CTRIDalice", null, null);
        s.Persistent.Create("CTRIDbob", null, null, "VoiceConnect");
        s.Persistent.Create("CTRIDcarol", null, null, "");
        Assert.Same(Whisper, s.Persistent.Of("CTRIDalice")!.Whisper);
        Assert.Equal("VoiceConnect", s.Persistent.Of("CTRIDbob")!.Whisper!.Name);
        Assert.True(s.Persistent.Of("CTRIDbob")!.Whisper!.Duration > TimeSpan.FromSeconds(1));
        Assert.Null(s.Persistent.Of("CTRIDcarol")!.Whisper);
    }

    [Fact]
    public void An_unknown_whisper_announcement_is_refused_before_anything_is_dialled()
    {
        using var s = new CtiScenario(configure: o => o with { Announcements = ShippedAnnouncements() });
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        var error = Assert.Throws<CtiException>(() => s.Persistent.Create("CTRIDalice", null, null, "NoSuchClip")).Error;
        Assert.Equal("ANNOUNCEMENT_NOT_FOUND", error.Code);
        Assert.Equal(400, error.Status);
        Assert.Contains("VoiceConnect", error.Detail);
        Assert.Empty(s.Legs.Placed);
        Assert.Null(s.Persistent.Of("CTRIDalice"));
    }

    [Fact]
    public void A_cti_disconnect_of_a_delivered_call_hangs_up_the_customer_and_keeps_the_connection()
    {
        using var s = new CtiScenario();
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        var pc = s.Persistent.Create("CTRIDalice", null, null);
        ((FakeLeg)pc.RemoteLeg).Answer();
        var hungUp = new List<string>();
        s.Persistent.DeliveredCallDisconnectRequested += hungUp.Add;
        var delivered = s.Persistent.TryDeliver("CTRIDalice", "b2bua-7")!.Value;
        s.MidCall.Apply(delivered.Call.Id, "disconnect", null);
        Assert.Equal(["b2bua-7"], hungUp);
        Assert.Null(((FakeLeg)pc.RemoteLeg).HungUpWith);
    }
}
