using System.Text;
using SiotThing.Protocol.Xml;
using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Tests;

/// <summary>The component stream without I/O: header, handshake, stanzas, the server's stream errors, timers.</summary>
public sealed class ComponentStreamTests
{
    private const string ServerHeader =
        "<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:component:accept' id='3BF96D32' from='provisioning.example.org'>";

    private readonly RecordingComponentHandler handler = new();
    private readonly ComponentStream stream;

    public ComponentStreamTests()
    {
        stream = new ComponentStream("Provisioning.Example.ORG", "secret", handler, ServiceLimits.Parser()) { KeepaliveInterval = 1000, HandshakeTimeout = 5000 };
    }

    [Fact]
    public void OpensTheStreamAndAnswersTheIdWithTheHashOfIdAndSecret()
    {
        stream.Connected(0);

        Assert.Equal(
            "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' to='provisioning.example.org'>",
            Output());
        Feed(ServerHeader);
        // sha1("3BF96D32secret"), computed with sha1sum.
        Assert.Equal("<handshake>b09ea9b3b7f586be8a08d0a3dd7466f110aeb136</handshake>", Output());
        Assert.Equal(ComponentStreamState.Handshaking, stream.State);
    }

    [Fact]
    public void GoesOnlineOnTheEmptyHandshakeAndPassesStanzasUp()
    {
        Handshake();

        Feed("<handshake/>");
        Assert.Equal((ComponentStreamState.Online, 1), (stream.State, handler.Onlines));
        Feed("<iq type='get' id='1' from='alice@example.org/a' to='provisioning.example.org'><ping xmlns='urn:xmpp:ping'/></iq>");
        Assert.Equal(["iq"], handler.Stanzas);
        Assert.True(stream.Send(Encoding.UTF8.GetBytes("<presence/>"), 10));
        Assert.Equal("<presence/>", Output());
    }

    [Fact]
    public void WrongSecretIsARefusalWithTheServersText()
    {
        Handshake();

        Feed("<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Given token does not match calculated token</text></stream:error></stream:stream>");

        Assert.True(stream.Refused);
        Assert.Equal(ComponentStreamState.Closing, stream.State);
        Assert.Equal("stream error from the server: not-authorized (Given token does not match calculated token)", stream.LastError);
        stream.ConnectionLost(20, "closed");
        Assert.Equal((ComponentStreamState.Disconnected, stream.LastError), (stream.State, handler.EndReason));
    }

    [Fact]
    public void ConflictIsNotARefusal()
    {
        Handshake();

        Feed("<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");

        Assert.False(stream.Refused);
        Assert.Equal("conflict", stream.ServerStreamError);
    }

    [Fact]
    public void KeepsAliveOnlineAndGivesUpOnASilentHandshake()
    {
        Handshake();
        stream.Tick(4999);
        Assert.Equal(ComponentStreamState.Handshaking, stream.State);
        stream.Tick(5000);
        Assert.Equal(ComponentStreamState.Closing, stream.State);

        Handshake();
        Feed("<handshake/>");
        // The handshake went out at 1 (the time of the header that triggered it).
        stream.Tick(1000);
        Assert.Equal(string.Empty, Output());
        stream.Tick(1001);
        Assert.Equal(" ", Output());
    }

    [Fact]
    public void SendsNothingBeforeItIsOnlineAndClosesCleanly()
    {
        Handshake();

        Assert.False(stream.Send(Encoding.UTF8.GetBytes("<presence/>"), 0));
        stream.Disconnect(0);
        Assert.Equal("</stream:stream>", Output());
        Assert.Equal(ComponentStreamState.Closing, stream.State);
    }

    [Fact]
    public void BadXmlFromTheServerEndsTheStreamWithAStreamError()
    {
        Handshake();

        Feed("<handshake/><iq>text<</iq>");

        Assert.Equal(ComponentStreamState.Closing, stream.State);
        Assert.StartsWith("<stream:error><not-well-formed", Output());
    }

    [Theory]
    [InlineData("user@provisioning.example.org")]
    [InlineData("provisioning.example.org/x")]
    [InlineData("bad'domain")]
    public void DomainMustBeAPlainDnsName(string domain) =>
        Assert.Throws<ArgumentException>(() => new ComponentStream(domain, "secret", handler, new XmlLimits()));

    private void Handshake()
    {
        stream.Connected(0);
        Feed(ServerHeader);
        Output();
    }

    private void Feed(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        stream.Receive(bytes, 0, bytes.Length, 1);
    }

    private string Output()
    {
        var buffer = new byte[stream.OutputLength];
        stream.ReadOutput(buffer, 0, buffer.Length);
        return Encoding.UTF8.GetString(buffer);
    }
}
