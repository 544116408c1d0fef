using System.Collections.Concurrent;
using System.Text;
using System.Xml.Linq;
using SiotThing.Firmware.Host;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;
using SiotThing.TestServers;

namespace SiotThing.Provisioning.Tests.Integration;

/// <summary>
/// An XMPP account in a test: the project's <see cref="XmppClient"/> over
/// <see cref="HostXmppConnection"/>, online with the roster requested and available presence sent
/// (so that subscription requests and messages reach it), recording what it receives. Stanzas are
/// given and returned as <see cref="XElement"/> for convenient assertions; they are written with
/// the project's <see cref="XmlWriter"/>.
/// </summary>
internal sealed class TestClient : IXmppClientHandler, IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource stop = new();
    private readonly Task running;
    private readonly BlockingCollection<XElement> received = [];
    private readonly ConcurrentDictionary<int, TaskCompletionSource<XElement?>> answers = new();
    private readonly Roster roster = new(16);
    private TaskCompletionSource online = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int nextTag = 100;

    public TestClient(ProsodyServer server, XmppAccount account, Action<string> log)
    {
        Account = account;
        var settings = new XmppClientSettings(account.Jid, account.Password)
        {
            Resource = "test",
            MaxOutgoingStanza = 65536,
            OutputCapacity = 262144,
            StreamManagementBytes = 262144,
        };
        var entropy = new SystemEntropy();
        Client = new XmppClient(settings, this, entropy, new XmlLimits { KeepRawStanza = true, MaxStanzaBytes = 262144, MaxStanzaElements = 4096, MaxStanzaAttributes = 8192 });
        Connection = new HostXmppConnection(
            new XmppEndpoint("127.0.0.1", server.ClientPort, false, server.Authority.Certificate, account.Host),
            Client,
            new ReconnectPolicy(100, 1000, entropy),
            line => log(account.User + ": " + line));
        running = Connection.RunAsync(stop.Token);
    }

    public XmppAccount Account { get; }

    public string Jid => Account.Jid;

    public XmppClient Client { get; }

    public HostXmppConnection Connection { get; }

    /// <summary>Completes when the client is online (and has asked for its roster and sent presence).</summary>
    public Task Online => online.Task;

    /// <summary>Sends an IQ and waits for the answer (result or error).</summary>
    public async Task<XElement> IqAsync(string type, string to, XElement payload, int timeout = 15000)
    {
        await Online.WaitAsync(Patience);
        var tag = Interlocked.Increment(ref nextTag);
        var answer = Answer(tag);
        await RunAsync((c, now) =>
        {
            var w = c.BeginIq(type, to, tag, timeout, now);
            Write(w, payload, XNamespace.Get(XmppNamespaces.Client));
            c.EndStanza(now);
        });
        return await answer.Task.WaitAsync(Patience) ?? throw new TimeoutException($"no answer to the IQ {payload.Name}");
    }

    /// <summary>Sends a stanza (message or presence) built as an element in jabber:client.</summary>
    public async Task SendAsync(XElement stanza)
    {
        await Online.WaitAsync(Patience);
        await RunAsync((c, now) =>
        {
            var w = c.BeginStanza(stanza.Name.LocalName);
            foreach (var attribute in stanza.Attributes())
            {
                w.Attribute(attribute.Name.LocalName, attribute.Value);
            }

            foreach (var child in stanza.Elements())
            {
                Write(w, child, stanza.Name.Namespace);
            }

            c.EndStanza(now);
        });
    }

    /// <summary>Waits for a received stanza that <paramref name="match"/> accepts, skipping (and dropping) others.</summary>
    public XElement WaitFor(Func<XElement, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (received.TryTake(out var stanza, Remaining(deadline)))
        {
            if (match(stanza))
            {
                return stanza;
            }
        }

        throw new TimeoutException($"{Account.User}: no {what}");
    }

    /// <summary>Takes every stanza received so far (and not taken by a wait).</summary>
    public List<XElement> Drain()
    {
        var taken = new List<XElement>();
        while (received.TryTake(out var stanza))
        {
            taken.Add(stanza);
        }

        return taken;
    }

    /// <summary>A received stanza as the server sent it.</summary>
    public static string Raw(XElement stanza) => stanza.Annotation<string>() ?? throw new ArgumentException("not a received stanza", nameof(stanza));

    /// <summary>Whether a stanza that <paramref name="match"/> accepts arrives within <paramref name="wait"/>.</summary>
    public bool Receives(Func<XElement, bool> match, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (received.TryTake(out var stanza, Remaining(deadline)))
        {
            if (match(stanza))
            {
                return true;
            }
        }

        return false;
    }

    public void SessionStarted(XmppClient client, bool resumed)
    {
        if (!resumed)
        {
            // RFC 6121: subscription requests reach resources that asked for the roster; messages to the bare JID reach available ones.
            roster.Request(client, 1, client.Now);
            Stanzas.SendPresence(client, null, null, null, client.Now);
        }

        online.TrySetResult();
    }

    public bool StanzaReceived(XmppClient client, XmlStanza stanza)
    {
        if (roster.HandlePush(client, stanza, client.Now))
        {
            return true;
        }

        received.Add(Parse(stanza));
        return false;
    }

    public void StanzaSkipped(XmppClient client, XmlStanza stanza, string reason)
    {
    }

    public void StanzaRefused(XmppClient client, string reason)
    {
    }

    public void IqAnswered(XmppClient client, int tag, XmlStanza response)
    {
        if (tag == 1)
        {
            if (response != null)
            {
                roster.HandleResult(response);
            }

            return;
        }

        Answer(tag).TrySetResult(response == null ? null : Parse(response));
    }

    public void SessionEnded(XmppClient client, string reason) => online = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await running;
        stop.Dispose();
    }

    private TaskCompletionSource<XElement?> Answer(int tag) =>
        answers.GetOrAdd(tag, _ => new TaskCompletionSource<XElement?>(TaskCreationOptions.RunContinuationsAsynchronously));

    private Task RunAsync(Action<XmppClient, long> action)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Connection.Post((client, now) =>
        {
            try
            {
                action(client, now);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    /// <summary>Writes <paramref name="element"/> with a namespace declaration where its namespace differs from its parent's.</summary>
    private static void Write(XmlWriter w, XElement element, XNamespace parent)
    {
        w.StartElement(element.Name.LocalName);
        if (element.Name.Namespace != parent)
        {
            w.Attribute("xmlns", element.Name.NamespaceName);
        }

        foreach (var attribute in element.Attributes().Where(a => !a.IsNamespaceDeclaration))
        {
            w.Attribute(attribute.Name.Namespace == XNamespace.Xml ? "xml:" + attribute.Name.LocalName : attribute.Name.LocalName, attribute.Value);
        }

        foreach (var node in element.Nodes())
        {
            if (node is XElement child)
            {
                Write(w, child, element.Name.Namespace);
            }
            else if (node is XText text)
            {
                w.Text(text.Value);
            }
        }

        w.EndElement();
    }

    private static XElement Parse(XmlStanza stanza)
    {
        var raw = new byte[stanza.RawLength];
        stanza.CopyRaw(raw, 0);
        // The raw stanza relies on the stream's default namespace: declare it for the standalone parse.
        var text = Encoding.UTF8.GetString(raw);
        var wrapped = XElement.Parse($"<wrapper xmlns='{XmppNamespaces.Client}' xmlns:stream='{XmppNamespaces.Streams}'>{text}</wrapper>");
        var element = wrapped.Elements().Single();
        // The text as the server sent it, for tests of what a thing with smaller buffers could read.
        element.AddAnnotation(text);
        return element;
    }

    private static TimeSpan Remaining(DateTime deadline)
    {
        var left = deadline - DateTime.UtcNow;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
