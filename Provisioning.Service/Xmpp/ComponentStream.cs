using System.Security.Cryptography;
using System.Text;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Provisioning.Xmpp;

/// <summary>
/// An external component's stream (XEP-0114) as a state machine without I/O: the transport hands
/// it bytes and the time, and takes bytes from it. It opens the stream to the component's domain,
/// answers the server's stream id with the handshake (the lower-case hex SHA-1 of the id followed
/// by the shared secret), and once the server accepts, passes stanzas up and takes stanzas down.
/// It keeps the connection alive with whitespace and reports the server's stream errors (a wrong
/// secret is <c>not-authorized</c>, an unknown domain <c>host-unknown</c>, a second instance
/// <c>conflict</c>). Reconnecting is the transport's job (<see cref="ComponentConnection"/>).
/// </summary>
public sealed class ComponentStream
{
    // Big enough for several answers of the largest size the service writes (ServiceLimits).
    private const int OutputCapacity = 8 * 1024 * 1024;

    private readonly string secret;
    private readonly IComponentHandler handler;
    private readonly XmlStreamParser parser;
    private readonly OutputQueue output = new(OutputCapacity);
    private long connectedAt;
    private long lastSent;

    /// <summary>Creates the stream; <see cref="Connected"/> starts it.</summary>
    /// <param name="domain">The component's domain, as the server's configuration names it (e.g. provisioning.example.org).</param>
    /// <param name="secret">The shared secret of that configuration.</param>
    /// <param name="handler">Who gets the stanzas and the stream's events.</param>
    /// <param name="limits">Limits for what the server sends (<see cref="ServiceLimits.Parser"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="domain"/> is not a plain DNS domain, or the secret is empty.</exception>
    public ComponentStream(string domain, string secret, IComponentHandler handler, XmlLimits limits)
    {
        Domain = CheckDomain(domain);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        this.secret = secret;
        this.handler = handler;
        parser = new XmlStreamParser(limits);
    }

    /// <summary>The component's domain (its JID), lower-cased.</summary>
    public string Domain { get; }

    /// <summary>Where the stream is.</summary>
    public ComponentStreamState State { get; private set; }

    /// <summary>Why the last connection ended (or is ending), or <c>null</c>.</summary>
    public string? LastError { get; private set; }

    /// <summary>The condition of the server's last stream error (e.g. <c>not-authorized</c>), or <c>null</c>.</summary>
    public string? ServerStreamError { get; private set; }

    /// <summary>
    /// Whether the server refused the component itself: a wrong secret (<c>not-authorized</c>) or
    /// a domain it has no component for (<c>host-unknown</c>). Retrying with the same settings
    /// cannot help.
    /// </summary>
    public bool Refused => ServerStreamError is "not-authorized" or "host-unknown";

    /// <summary>Send a whitespace keepalive after this long without sending anything, in milliseconds.</summary>
    public int KeepaliveInterval { get; init; } = 60_000;

    /// <summary>Give up on a connection that is not online this long after it was opened, in milliseconds.</summary>
    public int HandshakeTimeout { get; init; } = 30_000;

    /// <summary>The time given to the stream's current (or last) call, in milliseconds: handlers that answer from inside a callback send with it.</summary>
    public long Now { get; private set; }

    /// <summary>How many bytes wait for the transport to send.</summary>
    public int OutputLength => output.Length;

    /// <summary>Takes bytes to send.</summary>
    /// <param name="destination">Where to put them.</param>
    /// <param name="offset">The first index to write.</param>
    /// <param name="count">The most to take.</param>
    /// <returns>How many bytes were taken.</returns>
    public int ReadOutput(byte[] destination, int offset, int count) => output.Read(destination, offset, count);

    /// <summary>The transport connected: the stream starts with our header.</summary>
    /// <param name="now">The time in milliseconds.</param>
    public void Connected(long now)
    {
        Now = now;
        output.Clear();
        parser.Reset();
        LastError = null;
        ServerStreamError = null;
        connectedAt = now;
        State = ComponentStreamState.Opening;
        Write(
            $"<?xml version='1.0'?><stream:stream xmlns='{ComponentNamespaces.Accept}' xmlns:stream='{XmppNamespaces.Streams}' to='{Domain}'>",
            now);
    }

    /// <summary>Bytes arrived from the server.</summary>
    /// <param name="buffer">The buffer.</param>
    /// <param name="offset">The first byte.</param>
    /// <param name="count">How many bytes.</param>
    /// <param name="now">The time in milliseconds.</param>
    public void Receive(byte[] buffer, int offset, int count, long now)
    {
        Now = now;
        var end = offset + count;
        while (offset < end && State is ComponentStreamState.Opening or ComponentStreamState.Handshaking or ComponentStreamState.Online)
        {
            offset += parser.Feed(buffer, offset, end - offset);
            switch (parser.Event)
            {
                case XmlEvent.StreamOpened:
                    HandleHeader(parser.Stanza, now);
                    break;
                case XmlEvent.Stanza:
                    HandleTopLevel(parser.Stanza, now);
                    break;
                case XmlEvent.Skipped:
                    // Beyond the parser's limits, which are far above what a server lets a client
                    // send: only its start tag is left, so an IQ is answered as one without a
                    // child (bad-request) and the stream goes on.
                    if (parser.Stanza.Root >= 0)
                    {
                        HandleTopLevel(parser.Stanza, now);
                    }
                    else
                    {
                        FailWithStreamError(XmlErrorCondition.PolicyViolation, parser.SkipReason!, now);
                    }

                    break;
                case XmlEvent.StreamClosed:
                    // The server closed its stream: close ours too (RFC 6120 §4.4).
                    Write("</stream:stream>", now);
                    Close("the server closed the stream");
                    break;
                case XmlEvent.Error:
                    FailWithStreamError(parser.ErrorCondition, parser.ErrorText, now);
                    break;
            }
        }
    }

    /// <summary>Lets time pass: the handshake timeout and keepalives. Call it at least once a second while connected.</summary>
    /// <param name="now">The time in milliseconds.</param>
    public void Tick(long now)
    {
        Now = now;
        if (State is ComponentStreamState.Opening or ComponentStreamState.Handshaking && now - connectedAt >= HandshakeTimeout)
        {
            Close($"the server did not accept the component within {HandshakeTimeout / 1000} s");
        }
        else if (State == ComponentStreamState.Online && now - lastSent >= KeepaliveInterval)
        {
            // RFC 6120 §4.6.1: whitespace between stanzas keeps the server's and the kernel's timers happy.
            Write(" ", now);
        }
    }

    /// <summary>Sends one stanza (written whole, in the <c>jabber:component:accept</c> namespace, with a <c>from</c> in <see cref="Domain"/>).</summary>
    /// <param name="stanza">The stanza's bytes.</param>
    /// <param name="now">The time in milliseconds.</param>
    /// <returns>Whether it was queued; <c>false</c> when the stream is not online.</returns>
    public bool Send(byte[] stanza, long now)
    {
        Now = now;
        if (State != ComponentStreamState.Online)
        {
            return false;
        }

        Append(stanza, now);
        return true;
    }

    /// <summary>Closes the stream cleanly with <c>&lt;/stream:stream&gt;</c>; the transport sends it and closes the connection.</summary>
    /// <param name="now">The time in milliseconds.</param>
    public void Disconnect(long now)
    {
        Now = now;
        if (State is ComponentStreamState.Disconnected or ComponentStreamState.Closing)
        {
            return;
        }

        Write("</stream:stream>", now);
        Close("closed by us");
    }

    /// <summary>The connection is gone: the transport lost it, or closed it after <see cref="ComponentStreamState.Closing"/>.</summary>
    /// <param name="now">The time in milliseconds.</param>
    /// <param name="reason">What the transport saw; the stream's own reason wins when it closed first.</param>
    public void ConnectionLost(long now, string reason)
    {
        Now = now;
        if (State == ComponentStreamState.Disconnected)
        {
            return;
        }

        LastError ??= reason;
        output.Clear();
        State = ComponentStreamState.Disconnected;
        handler.Ended(this, LastError);
    }

    /// <summary>Checks that <paramref name="domain"/> can be a component's JID: a plain DNS name (the header is written by hand, so nothing else gets in).</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>The domain, lower-cased.</returns>
    /// <exception cref="ArgumentException">It is not one.</exception>
    public static string CheckDomain(string domain)
    {
        var jid = Jid.Parse(domain);
        if (jid == null || jid.Local != null || !jid.IsBare || jid.Domain.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '.')))
        {
            throw new ArgumentException($"'{domain}' is not a component domain (a DNS name such as provisioning.example.org)");
        }

        return jid.Domain;
    }

    /// <summary>The handshake for a stream id: hex SHA-1 of the id followed by the secret, in lower case (XEP-0114 §3).</summary>
    /// <param name="streamId">The id of the server's stream header.</param>
    /// <param name="secret">The shared secret.</param>
    /// <returns>40 lower-case hex digits.</returns>
    public static string Handshake(string streamId, string secret) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(streamId + secret)));

    private void HandleHeader(XmlStanza stanza, long now)
    {
        if (State != ComponentStreamState.Opening)
        {
            FailWithStreamError("bad-format", "a second stream header", now);
            return;
        }

        if (!stanza.ContentNamespaceEquals(ComponentNamespaces.Accept))
        {
            FailWithStreamError("invalid-namespace", "the server's stream is not jabber:component:accept", now);
            return;
        }

        var id = stanza.Attribute(stanza.Stream, "id");
        if (string.IsNullOrEmpty(id))
        {
            FailWithStreamError("invalid-id", "the server's stream header has no id to hash", now);
            return;
        }

        State = ComponentStreamState.Handshaking;
        Write("<handshake>" + Handshake(id, secret) + "</handshake>", now);
    }

    private void HandleTopLevel(XmlStanza stanza, long now)
    {
        var root = stanza.Root;
        if (stanza.Is(root, "error", XmppNamespaces.Streams))
        {
            HandleStreamError(stanza);
        }
        else if (State == ComponentStreamState.Handshaking && stanza.Is(root, "handshake", ComponentNamespaces.Accept))
        {
            State = ComponentStreamState.Online;
            handler.Online(this);
        }
        else if (State == ComponentStreamState.Online && stanza.NamespaceEquals(root, ComponentNamespaces.Accept)
            && (stanza.NameEquals(root, "iq") || stanza.NameEquals(root, "message") || stanza.NameEquals(root, "presence")))
        {
            handler.StanzaReceived(this, stanza);
        }
        else
        {
            FailWithStreamError("unsupported-stanza-type", "unexpected top-level element " + stanza.Name(root), now);
        }
    }

    private void HandleStreamError(XmlStanza stanza)
    {
        var root = stanza.Root;
        string? condition = null;
        string? text = null;
        for (var child = stanza.FirstChild(root); child >= 0; child = stanza.NextSibling(child))
        {
            if (!stanza.NamespaceEquals(child, XmppNamespaces.StreamErrors))
            {
                continue;
            }

            if (stanza.NameEquals(child, "text"))
            {
                text = stanza.Text(child);
            }
            else
            {
                condition ??= stanza.Name(child);
            }
        }

        ServerStreamError = condition ?? "undefined-condition";
        Close($"stream error from the server: {ServerStreamError}{(string.IsNullOrEmpty(text) ? string.Empty : $" ({text})")}");
    }

    private void FailWithStreamError(string condition, string text, long now)
    {
        Write($"<stream:error><{condition} xmlns='{XmppNamespaces.StreamErrors}'/></stream:error></stream:stream>", now);
        Close($"stream error {condition}: {text}");
    }

    private void Close(string reason)
    {
        LastError ??= reason;
        if (State != ComponentStreamState.Disconnected)
        {
            // What is queued (a stream error, our closing tag) stays for the transport to flush.
            State = ComponentStreamState.Closing;
        }
    }

    private void Write(string text, long now) => Append(Encoding.UTF8.GetBytes(text), now);

    private void Append(byte[] bytes, long now)
    {
        if (!output.Append(bytes, 0, bytes.Length))
        {
            Close("the connection does not take our data (output queue full)");
            return;
        }

        lastSent = now;
    }
}
