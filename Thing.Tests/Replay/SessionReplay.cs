using System;
using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Configuration;
using SiotThing.Protocol.Devices;
using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Replay
{
    /// <summary>
    /// Replays a recorded session (docs/replay.md) into a fresh core, wired as
    /// Thing.Firmware/Host/ThingHost.cs wires the .NET thing: every step is the same call with
    /// the same input and time; the core's ports get back what it drew (entropy, flash contents,
    /// pin levels), and whatever it did (bytes written, flash writes, display, relay) must be
    /// what the recording holds, byte for byte, in the same order. The first difference stops the
    /// replay with a <see cref="ReplayMismatchException"/> that names the step and the byte.
    /// </summary>
    public sealed class SessionReplay
    {
        private readonly ReplayFixture fixture;
        private readonly ReplayFigures figures = new ReplayFigures();
        private readonly ReplayLog log = new ReplayLog();
        private byte[] chunk;
        private int position;
        private int stepEnd;
        private int step = -1;
        private ReplayStep kind;
        private long time;
        private string failure;
        private ThingAgent agent;
        private IThingDevice device;
        private XmppClient client;
        private CountingHandler handler;
        private byte[] output;
        private long loginStartedAt = -1;

        /// <summary>Prepares the replay of a fixture.</summary>
        /// <param name="fixture">The recorded session.</param>
        public SessionReplay(ReplayFixture fixture)
        {
            this.fixture = fixture;
        }

        /// <summary>Replays the whole fixture.</summary>
        /// <returns>What it did and what it cost.</returns>
        /// <exception cref="ReplayMismatchException">The core did something else than recorded.</exception>
        public ReplayFigures Run()
        {
            for (var index = 0; index < fixture.ChunkCount; index++)
            {
                chunk = fixture.Chunk(index);
                position = 0;
                while (position < chunk.Length)
                {
                    var length = (int)ReadNumber(chunk.Length);
                    stepEnd = position + length;
                    if (stepEnd > chunk.Length)
                    {
                        throw new ReplayMismatchException(step + 1, fixture.Name + ": the fixture is cut off in step " + (step + 1) + " (re-record it)");
                    }

                    step++;
                    RunStep();
                }
            }

            chunk = null;
            figures.Steps = step + 1;
            return figures;
        }

        /// <summary>For the entropy port: the recorded random bytes.</summary>
        /// <param name="buffer">Where the core wants them.</param>
        /// <param name="offset">From where.</param>
        /// <param name="count">How many.</param>
        public void TakeEntropy(byte[] buffer, int offset, int count)
        {
            Expect(ReplayEvent.Entropy, "drew " + count + " random bytes");
            var recorded = (int)ReadNumber(stepEnd);
            if (recorded != count)
            {
                Fail("the core drew " + count + " random bytes; the recording has " + recorded);
            }

            Array.Copy(chunk, position, buffer, offset, count);
            position += count;
        }

        /// <summary>For the flash port: the slot's recorded contents.</summary>
        /// <param name="slot">The slot.</param>
        /// <returns>A copy of the contents, or null for an empty slot.</returns>
        public byte[] TakeStoreRead(int slot)
        {
            Expect(ReplayEvent.StoreRead, "read flash slot " + slot);
            CheckNumber("flash slot read", slot);
            var length = (int)ReadNumber(stepEnd);
            if (length == 0)
            {
                return null;
            }

            var contents = new byte[length - 1];
            Array.Copy(chunk, position, contents, 0, contents.Length);
            position += contents.Length;
            return contents;
        }

        /// <summary>For the flash port: checks a write.</summary>
        /// <param name="slot">The slot.</param>
        /// <param name="data">The bytes.</param>
        /// <param name="count">How many of them.</param>
        public void CheckStoreWrite(int slot, byte[] data, int count)
        {
            Expect(ReplayEvent.StoreWrite, "wrote flash slot " + slot);
            CheckNumber("flash slot written", slot);
            CompareBytes("flash slot " + slot, data, 0, count);
        }

        /// <summary>For the display port: checks what is shown.</summary>
        /// <param name="name">The name line.</param>
        /// <param name="claimKey">The claim key, or null.</param>
        /// <param name="status">The status line.</param>
        public void CheckDisplay(string name, string claimKey, string status)
        {
            Expect(ReplayEvent.Display, "showed \"" + status + "\"");
            CompareText("the display's name", name);
            CompareText("the display's claim key", claimKey);
            CompareText("the display's status", status);
        }

        /// <summary>For the pin: the recorded level.</summary>
        /// <returns>The level.</returns>
        public bool TakePinRead()
        {
            Expect(ReplayEvent.PinRead, "read the pin");
            return chunk[position++] != 0;
        }

        /// <summary>For the pin: checks a write.</summary>
        /// <param name="high">The level written.</param>
        public void CheckPinWrite(bool high)
        {
            Expect(ReplayEvent.PinWrite, "set the pin " + (high ? "high" : "low"));
            if ((chunk[position++] != 0) != high)
            {
                Fail("the core set the pin " + (high ? "high" : "low") + "; the recording has the other level");
            }
        }

        private void RunStep()
        {
            kind = (ReplayStep)chunk[position++];
            time = ReadNumber(stepEnd);
            var online = client != null && client.State == XmppClientState.Online;
            var stanzasBefore = handler == null ? 0 : handler.Stanzas;
            var sessionsBefore = handler == null ? 0 : handler.Sessions;
            var resumptionsBefore = handler == null ? 0 : handler.Resumptions;
            long spent;
            if (kind == ReplayStep.Receive)
            {
                // Straight from the fixture's array, as the host hands its receive buffer.
                var count = (int)ReadNumber(stepEnd);
                var at = position;
                position += count;
                var started = DateTime.UtcNow.Ticks;
                Core().Receive(chunk, at, count, time);
                spent = DateTime.UtcNow.Ticks - started;
                figures.BytesIn += count;
                if (online)
                {
                    figures.OnlineReceiveTicks += spent;
                    figures.OnlineStanzas += handler.Stanzas - stanzasBefore;
                }
            }
            else
            {
                spent = RunOtherStep();
            }

            if (failure != null)
            {
                // Raised inside the core's call already; thrown again in case the core caught it.
                throw new ReplayMismatchException(step, failure);
            }

            if (position != stepEnd)
            {
                Fail("the core did less than recorded: the recording goes on with " + DescribeEvent((ReplayEvent)chunk[position]));
            }

            figures.CoreTicks += spent;
            if (kind != ReplayStep.Boot)
            {
                figures.Stanzas += handler.Stanzas - stanzasBefore;
                figures.Resumptions += handler.Resumptions - resumptionsBefore;
                CountSessions(handler.Sessions - sessionsBefore);
            }
        }

        private long RunOtherStep()
        {
            var started = DateTime.UtcNow.Ticks;
            switch (kind)
            {
                case ReplayStep.Boot:
                    Boot();
                    break;
                case ReplayStep.Connected:
                    var tls = chunk[position++] != 0;
                    loginStartedAt = figures.CoreTicks;
                    started = DateTime.UtcNow.Ticks;
                    Core().Connected(time, tls);
                    break;
                case ReplayStep.TlsEstablished:
                    Core().TlsEstablished(time);
                    break;
                case ReplayStep.Tick:
                    Core().Tick(time);
                    agent.Tick(client, time);
                    break;
                case ReplayStep.Disconnect:
                    Core().Disconnect(time);
                    break;
                case ReplayStep.ConnectionLost:
                    var reason = ReadText();
                    started = DateTime.UtcNow.Ticks;
                    Core().ConnectionLost(time, reason);
                    break;
                case ReplayStep.ReadOutput:
                    return ReadOutput();
                case ReplayStep.FactoryReset:
                    agent.FactoryReset(Core(), time);
                    break;
                case ReplayStep.DeviceChanged:
                    agent.DeviceChanged(Core(), time);
                    break;
                case ReplayStep.Operate:
                    var command = ReadText();
                    started = DateTime.UtcNow.Ticks;
                    Core();
                    device.Execute(command);
                    break;
                default:
                    throw new ReplayMismatchException(step, Where() + "unknown step kind " + (int)kind + " (a newer recording? re-record the fixtures)");
            }

            return DateTime.UtcNow.Ticks - started;
        }

        private long ReadOutput()
        {
            var room = (int)ReadNumber(stepEnd);
            if (output == null || output.Length < room)
            {
                output = new byte[room];
            }

            var started = DateTime.UtcNow.Ticks;
            var count = Core().ReadOutput(output, 0, room);
            var spent = DateTime.UtcNow.Ticks - started;
            Expect(ReplayEvent.Output, "wrote " + count + " bytes");
            CompareBytes("the output", output, 0, count);
            figures.BytesOut += count;
            return spent;
        }

        private void Boot()
        {
            var length = (int)ReadNumber(stepEnd);
            var configuration = new byte[length];
            Array.Copy(chunk, position, configuration, 0, length);
            position += length;
            var settings = ThingSettings.Parse(configuration, false);
            if (settings.Error != null)
            {
                throw new ReplayMismatchException(step, Where() + "the recorded configuration is refused now: " + settings.Error);
            }

            var entropy = new ReplayEntropy(this);
            var pin = new ReplayPin(this);
            if (settings.DeviceKind == "bulb")
            {
                device = new LightBulb(pin);
            }
            else
            {
                device = new DigitalSensor(pin, settings.SensorHigh, settings.SensorLow);
            }

            agent = new ThingAgent(
                new ThingConfiguration(settings.ProvisioningJid, settings.NameLanguages, settings.Names),
                new ThingStateStore(new ReplayStateStore(this)),
                new ReplayDisplay(this),
                device,
                entropy,
                log);
            var clientSettings = new XmppClientSettings(settings.Jid, settings.Password);
            clientSettings.Resource = settings.Resource;
            handler = new CountingHandler(agent);
            client = new XmppClient(clientSettings, handler, entropy, new XmlLimits());
            client.ScramSecrets = agent.StoredScramSecrets;
            loginStartedAt = -1;
            figures.Boots++;
        }

        private void CountSessions(int started)
        {
            if (started == 0)
            {
                return;
            }

            if (loginStartedAt >= 0)
            {
                var took = figures.CoreTicks - loginStartedAt;
                if (figures.Sessions == 0)
                {
                    figures.FirstLoginTicks = took;
                }
                else
                {
                    figures.LaterLoginTicks += took;
                }
            }

            figures.Sessions += started;
            loginStartedAt = -1;
        }

        private XmppClient Core()
        {
            if (client == null)
            {
                throw new ReplayMismatchException(step, Where() + "the recording does not start with a boot");
            }

            return client;
        }

        private void Expect(ReplayEvent expected, string what)
        {
            if (position >= stepEnd)
            {
                Fail("the core " + what + ", which the recording does not have here");
            }

            var recorded = (ReplayEvent)chunk[position];
            if (recorded != expected)
            {
                Fail("the core " + what + "; the recording has " + DescribeEvent(recorded));
            }

            position++;
        }

        private void CheckNumber(string what, long actual)
        {
            var recorded = ReadNumber(stepEnd);
            if (recorded != actual)
            {
                Fail(what + " is " + actual + "; the recording has " + recorded);
            }
        }

        private void CompareText(string what, string actual)
        {
            var length = (int)ReadNumber(stepEnd);
            if (actual == null || length == 0)
            {
                if (actual != null || length != 0)
                {
                    Fail(what + " is " + (actual == null ? "none" : "\"" + actual + "\"") + "; the recording has " + (length == 0 ? "none" : "text"));
                }

                return;
            }

            // As UTF-8, the recording's form: a character beyond the BMP is one scalar there.
            var bytes = Utf8.Encode(actual);
            CompareRecorded(what, bytes, 0, bytes.Length, length - 1);
        }

        private void CompareBytes(string what, byte[] actual, int offset, int count)
        {
            CompareRecorded(what, actual, offset, count, (int)ReadNumber(stepEnd));
        }

        /// <summary>Compares bytes with the <paramref name="recordedLength"/> recorded ones at the position, and moves past those.</summary>
        private void CompareRecorded(string what, byte[] actual, int offset, int count, int recordedLength)
        {
            if (position + recordedLength > stepEnd)
            {
                Fail("the recording is cut off in " + what);
            }

            var differs = FirstDifference(actual, offset, count, recordedLength);
            if (differs >= 0)
            {
                Fail(what + " differs at byte " + differs + " (" + count + " bytes now, " + recordedLength + " recorded): recorded "
                    + Show(chunk, position, recordedLength, differs) + ", now " + Show(actual, offset, count, differs));
            }

            position += recordedLength;
        }

        private int FirstDifference(byte[] actual, int offset, int count, int recordedLength)
        {
            var shorter = count < recordedLength ? count : recordedLength;
            for (var i = 0; i < shorter; i++)
            {
                if (actual[offset + i] != chunk[position + i])
                {
                    return i;
                }
            }

            return count == recordedLength ? -1 : shorter;
        }

        private long ReadNumber(int end)
        {
            long value = 0;
            var shift = 0;
            while (true)
            {
                if (position >= end || shift > 56)
                {
                    throw new ReplayMismatchException(step, Where() + "the fixture is malformed at byte " + position + " of its chunk (re-record it)");
                }

                var b = chunk[position++];
                value |= (long)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }

                shift += 7;
            }
        }

        private string ReadText()
        {
            var length = (int)ReadNumber(stepEnd);
            if (length == 0)
            {
                return null;
            }

            var text = Utf8.Decode(chunk, position, length - 1);
            position += length - 1;
            return text;
        }

        private void Fail(string what)
        {
            if (failure == null)
            {
                failure = Where() + what + (log.LastLine == null ? string.Empty : " (the core's last log line: " + log.LastLine + ")");
            }

            throw new ReplayMismatchException(step, failure);
        }

        private string Where()
        {
            return fixture.Name + ", step " + step + " (" + DescribeStep(kind) + " at " + time + " ms): ";
        }

        private static string DescribeStep(ReplayStep kind)
        {
            switch (kind)
            {
                case ReplayStep.Boot: return "boot";
                case ReplayStep.Connected: return "connected";
                case ReplayStep.TlsEstablished: return "TLS established";
                case ReplayStep.Receive: return "receive";
                case ReplayStep.Tick: return "tick";
                case ReplayStep.Disconnect: return "disconnect";
                case ReplayStep.ConnectionLost: return "connection lost";
                case ReplayStep.ReadOutput: return "read output";
                case ReplayStep.FactoryReset: return "factory reset";
                case ReplayStep.DeviceChanged: return "device changed";
                case ReplayStep.Operate: return "local switch";
                default: return "step kind " + (int)kind;
            }
        }

        private static string DescribeEvent(ReplayEvent recorded)
        {
            switch (recorded)
            {
                case ReplayEvent.Entropy: return "random bytes drawn";
                case ReplayEvent.StoreRead: return "a flash read";
                case ReplayEvent.StoreWrite: return "a flash write";
                case ReplayEvent.Display: return "the display";
                case ReplayEvent.PinRead: return "a pin read";
                case ReplayEvent.PinWrite: return "a pin write";
                case ReplayEvent.Output: return "output";
                default: return "event kind " + (int)recorded;
            }
        }

        /// <summary>Up to 24 bytes either side of a difference, printable ASCII as it is, the rest as \xNN, the byte itself in [ ].</summary>
        private static string Show(byte[] bytes, int offset, int count, int at)
        {
            var from = at > 24 ? at - 24 : 0;
            var to = at + 24 < count ? at + 24 : count;
            var text = from > 0 ? "..." : string.Empty;
            for (var i = from; i < to; i++)
            {
                var b = bytes[offset + i];
                var shown = b >= 0x20 && b < 0x7F ? new string((char)b, 1) : "\\x" + Hex2(b);
                text += i == at ? "[" + shown + "]" : shown;
            }

            if (at >= count)
            {
                text += "[end]";
            }

            return "\"" + text + (to < count ? "..." : string.Empty) + "\"";
        }

        private static string Hex2(int b)
        {
            const string Digits = "0123456789ABCDEF";
            return new string(Digits[b >> 4], 1) + new string(Digits[b & 0xF], 1);
        }
    }
}
