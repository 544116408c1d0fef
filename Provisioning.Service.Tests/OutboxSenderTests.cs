using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Logging.Abstractions;
using SiotThing.Provisioning.Component;
using SiotThing.Provisioning.Storage;
using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Tests;

/// <summary>
/// The outbox sender on a real SQLite store, without a server: what it hands to the connection,
/// in what order. A second store object on the same file stands for another instance.
/// </summary>
public sealed class OutboxSenderTests : IAsyncLifetime
{
    private const string Domain = "provisioning.example.org";
    private const string Lamp = "lamp@example.org";
    private const string LampKey = "TWNK-KD5Y-MT3T-E1GS-DRDB-KVTW";
    private const string LampName = "Futuretec Light Bulb 10X";
    private const string Alice = "alice@example.com";
    private const string Bob = "bob@example.com";

    private readonly string folder = Directory.CreateTempSubdirectory("siot-sender-").FullName;
    private readonly List<XElement> sent = [];
    private SqliteProvisioningStore store = null!;
    private OutboxSender sender = null!;

    public async Task InitializeAsync()
    {
        store = await SqliteProvisioningStore.OpenAsync(Path.Combine(folder, "provisioning.db"));
        var writer = new StanzaWriter(Domain);
        sender = new OutboxSender(store, new Notifications(writer), writer, TimeProvider.System, NullLogger.Instance);
        Assert.Equal(RegistrationOutcome.Registered, (await store.RegisterAsync(Lamp, LampKey, [new ThingName(string.Empty, LampName)], DateTimeOffset.UtcNow)).Outcome);
        await sender.HandleAsync(new StreamEvent(StreamEventKind.Online, 1), Send, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await store.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task AnOwnChangeGoesOutWithoutAReadAndAfterTheRecipientsOlderMessagesOwedElsewhere()
    {
        await ClaimAsync(store, Alice);
        await sender.SendNewAsync(Send, CancellationToken.None);
        Assert.Equal([Alice], Owners());

        // Another instance disowns while this one holds the lamp: its message waits in the
        // outbox for this sender. Bob's claim here owes the lamp the next one, handed over at
        // once; sent before the disown, it would leave the lamp with no owner.
        await using (var other = await SqliteProvisioningStore.OpenAsync(Path.Combine(folder, "provisioning.db")))
        {
            Assert.Equal(AccessOutcome.Done, await other.DisownAsync(Alice, Lamp, DateTimeOffset.UtcNow));
        }

        await ClaimAsync(store, Bob);
        await sender.SendNewAsync(Send, CancellationToken.None);

        Assert.Equal([Alice, null, Bob], Owners());
    }

    [Fact]
    public async Task WhatThisSessionSentIsNotSentAgainByAReadUntilANewSession()
    {
        await ClaimAsync(store, Alice);
        await sender.SendNewAsync(Send, CancellationToken.None);

        // A tick reads the outbox, which still holds the unconfirmed message.
        await sender.TickAsync(Send, CancellationToken.None);
        Assert.Equal([Alice], Owners());

        // Nothing of a lost session is known to have arrived: the next one sends it again.
        await sender.HandleAsync(new StreamEvent(StreamEventKind.Offline, 1), Send, CancellationToken.None);
        await sender.HandleAsync(new StreamEvent(StreamEventKind.Online, 2), Send, CancellationToken.None);
        Assert.Equal([Alice, Alice], Owners());
    }

    private static async Task ClaimAsync(IProvisioningStore on, string owner) =>
        Assert.Equal(ClaimOutcome.Claimed, (await on.ClaimAsync(owner, LampName, LampKey, DateTimeOffset.UtcNow)).Outcome);

    private void Send(byte[] stanza) => sent.Add(XElement.Parse(Encoding.UTF8.GetString(stanza)));

    // The owner each owner message named, in the order they were handed to the connection (null: no owner).
    private List<string?> Owners() =>
        sent.SelectMany(s => s.Elements().Where(e => e.Name.LocalName == "owner")).Select(o => (string?)o.Attribute("jid")).ToList();
}
