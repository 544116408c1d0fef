using nanoFramework.TestFramework;
using SiotThing.Protocol.Configuration;
using SiotThing.Protocol.Text;

namespace SiotThing.Tests.Configuration
{
    [TestClass]
    public class ThingSettingsTests
    {
        private const string Minimal =
            "xmpp.jid = thing@example.org\n"
            + "xmpp.password = secret\n"
            + "provisioning.jid = provisioning.example.org\n"
            + "name = Futuretec Light Bulb 10X\n";

        [TestMethod]
        public void MinimalFileGetsDefaults()
        {
            var settings = ThingSettings.Parse(Utf8.Encode(Minimal), false);

            Assert.IsNull(settings.Error, settings.Error);
            Assert.AreEqual("thing@example.org", settings.Jid);
            Assert.AreEqual("example.org", settings.Server);
            Assert.AreEqual(5222, settings.Port);
            Assert.IsFalse(settings.DirectTls);
            Assert.AreEqual("thing", settings.Resource);
            Assert.AreEqual("bulb", settings.DeviceKind);
            Assert.AreEqual(-1, settings.DevicePin);
            Assert.AreEqual(-1, settings.DisplayAddress);
            Assert.AreEqual(5000, settings.LongPressMilliseconds);
            Assert.AreEqual(1, settings.Names.Length);
            Assert.AreEqual(string.Empty, settings.NameLanguages[0]);
        }

        [TestMethod]
        public void FullFileIsRead()
        {
            var text = "\uFEFF# comment\r\n\r\nwifi.ssid = Net\r\nwifi.password=pw\r\n" + Minimal
                + "name.de = Futuretec Gl\u00FChbirne 10X\nxmpp.direct_tls = true\nXMPP.Server = 127.0.0.1\n"
                + "device.kind = sensor\ndevice.pin = 18\nsensor.high = open\ndisplay.address = 0x3C\nbutton.pin = 0\n";

            var settings = ThingSettings.Parse(Utf8.Encode(text), true);

            Assert.IsNull(settings.Error, settings.Error);
            Assert.AreEqual("Net", settings.WifiSsid);
            Assert.AreEqual(5223, settings.Port);
            Assert.AreEqual("127.0.0.1", settings.Server);
            Assert.AreEqual("sensor", settings.DeviceKind);
            Assert.AreEqual(18, settings.DevicePin);
            Assert.AreEqual(0x3C, settings.DisplayAddress);
            Assert.AreEqual(0, settings.ButtonPin);
            Assert.AreEqual("open", settings.SensorHigh);
            Assert.AreEqual(2, settings.Names.Length);
            Assert.AreEqual("de", settings.NameLanguages[1]);
            Assert.AreEqual("Futuretec Gl\u00FChbirne 10X", settings.Names[1]);
        }

        [TestMethod]
        [DataRow("", "xmpp.jid must be the thing's bare JID")]
        [DataRow("xmpp.jid = example.org\n", "line 1: xmpp.jid must be the thing's bare JID")]
        [DataRow("xmpp.jid = thing@example.org/res\n", "line 1: xmpp.jid must be")]
        [DataRow("xmpp.jid = thing@example.org\n", "xmpp.password is required")]
        [DataRow("xmpp.jd = thing@example.org\n", "line 1: unknown key 'xmpp.jd'")]
        [DataRow("xmpp.jid thing@example.org\n", "line 1: expected key = value")]
        [DataRow("xmpp.jid = a@b.c\nxmpp.jid = a@b.c\n", "line 2: 'xmpp.jid' is already set on line 1")]
        [DataRow("xmpp.jid = a@b.c\nxmpp.password = p\n", "provisioning.jid must be")]
        [DataRow("xmpp.jid = a@b.c\nxmpp.password = p\nprovisioning.jid = p.b.c\n", "name is required")]
        [DataRow("xmpp.jid = a@b.c\nxmpp.password = p\nprovisioning.jid = p.b.c\nname = x\nxmpp.port = 70000\n", "line 5: xmpp.port must be a number")]
        [DataRow("xmpp.jid = a@b.c\nxmpp.password = p\nprovisioning.jid = p.b.c\nname = x\ndevice.kind = toaster\n", "line 5: device.kind must be bulb or sensor")]
        [DataRow("xmpp.jid = a@b.c\nxmpp.password = p\nprovisioning.jid = p.b.c\nname = x\ndevice.pin = twelve\n", "line 5: device.pin is not a number")]
        [DataRow("xmpp.jid = a@b.c\nxmpp.password = p\nprovisioning.jid = p.b.c\nname = x\nxmpp.direct_tls = maybe\n", "line 5: xmpp.direct_tls must be true or false")]
        [DataRow("xmpp.jid = a@b.c\nxmpp.password = p\nprovisioning.jid = p.b.c\nname =\n", "line 4: name must have 1 to 100 characters")]
        [DataRow("xmpp.jid = a@b.c\nxmpp.password = p\nprovisioning.jid = p.b.c\nname = Bulb \u202Etnuoc\n", "line 4: name has a control or text-direction character at position 6")]
        [DataRow("xmpp.jid = a@b.c\nxmpp.password = p\nprovisioning.jid = p.b.c\nname = Bulb\nname.ar = \u0645\u0635\u0628\u0627\u062D\u2066x\n", "line 5: name.ar has a control or text-direction character at position 6")]
        public void BadFilesAreRejectedWithTheLineToFix(string text, string expected)
        {
            var settings = ThingSettings.Parse(Utf8.Encode(text), false);

            Assert.IsNotNull(settings.Error, "accepted: " + text);
            Assert.StartsWith(expected, settings.Error);
        }

        [TestMethod]
        public void WifiIsRequiredOnTheDevice()
        {
            Assert.AreEqual("wifi.ssid is required (or network.link = ethernet on a board with Ethernet)", ThingSettings.Parse(Utf8.Encode(Minimal), true).Error);
            Assert.AreEqual("wifi", ThingSettings.Parse(Utf8.Encode(Minimal), false).NetworkLink, "the default link");
        }

        [TestMethod]
        public void AnEthernetThingNeedsNoWifi()
        {
            var settings = ThingSettings.Parse(Utf8.Encode("network.link = ethernet\n" + Minimal + "device.pin = 4\n"), true);

            Assert.IsNull(settings.Error, settings.Error);
            Assert.AreEqual("ethernet", settings.NetworkLink);
        }

        [TestMethod]
        [DataRow("network.link = ether\n", "line 1: network.link must be wifi or ethernet")]
        [DataRow("network.link = ethernet\ndevice.pin = 21\n", "line 2: device.pin is GPIO 21, which an Ethernet board wires to its PHY")]
        [DataRow("network.link = ethernet\ndevice.pin = 4\nbutton.pin = 18\n", "line 3: button.pin is GPIO 18, which an Ethernet board wires to its PHY")]
        [DataRow("network.link = ethernet\ndevice.pin = 4\ndisplay.address = 0x3C\n", "display.sda_pin defaults to GPIO 21, which an Ethernet board wires to its PHY (GPIO 18, 19, 21, 22, 23, 25, 26, 27); set display.sda_pin to a free pin")]
        [DataRow("network.link = ethernet\ndevice.pin = 4\ndisplay.address = 0x3C\ndisplay.sda_pin = 13\n", "display.scl_pin defaults to GPIO 22")]
        public void AnEthernetBoardsPhyPinsAreRefusedOnTheDevice(string lines, string expected)
        {
            var settings = ThingSettings.Parse(Utf8.Encode(lines + Minimal), true);

            Assert.IsNotNull(settings.Error, "accepted: " + lines);
            Assert.StartsWith(expected, settings.Error);
        }

        [TestMethod]
        [DataRow("device.pin = 40\n", "line 2: device.pin: the ESP32 has no GPIO 40; pick another pin")]
        [DataRow("device.pin = 24\n", "line 2: device.pin: the ESP32 has no GPIO 24")]
        [DataRow("device.pin = 4\nbutton.pin = 1\n", "line 3: button.pin: GPIO 1 is the serial console")]
        [DataRow("device.pin = 9\n", "line 2: device.pin: GPIO 9 belongs to the flash chip: using it resets the ESP32")]
        [DataRow("device.pin = 35\n", "line 2: device.pin: GPIO 35 is an input only")]
        [DataRow("device.pin = 4\nstatus_led.pin = 39\n", "line 3: status_led.pin: GPIO 39 is an input only")]
        [DataRow("device.pin = 4\ndisplay.address = 0x3C\ndisplay.scl_pin = 36\n", "line 4: display.scl_pin: GPIO 36 is an input only")]
        public void PinsTheEsp32DoesNotAllowAreRefusedOnTheDevice(string lines, string expected)
        {
            var settings = ThingSettings.Parse(Utf8.Encode("wifi.ssid = Home\n" + lines + Minimal), true);

            Assert.IsNotNull(settings.Error, "accepted: " + lines);
            Assert.StartsWith(expected, settings.Error);
        }

        [TestMethod]
        public void InputOnlyPinsServeAButtonAndASensor()
        {
            var lines = "wifi.ssid = Home\ndevice.kind = sensor\ndevice.pin = 35\nbutton.pin = 34\n";

            Assert.IsNull(ThingSettings.Parse(Utf8.Encode(lines + Minimal), true).Error);
            Assert.IsNull(ThingSettings.Parse(Utf8.Encode("device.pin = 9\n" + Minimal), false).Error, "on .NET the pins are the host's");
        }

        [TestMethod]
        public void AnEthernetBoardWithTheDisplayOnFreePinsIsAccepted()
        {
            var lines = "network.link = ethernet\ndevice.pin = 4\ndisplay.address = 0x3C\ndisplay.sda_pin = 13\ndisplay.scl_pin = 16\nbutton.pin = 34\n";

            Assert.IsNull(ThingSettings.Parse(Utf8.Encode(lines + Minimal), true).Error);
            Assert.IsNull(ThingSettings.Parse(Utf8.Encode("network.link = ethernet\ndevice.pin = 21\n" + Minimal), false).Error, "on .NET the pins are the host's");
        }

        [TestMethod]
        public void MissingOrBinaryFilesAreReported()
        {
            Assert.AreEqual("the configuration file is missing", ThingSettings.Parse(null, false).Error);
            Assert.AreEqual("line 1: not UTF-8 text", ThingSettings.Parse(new byte[] { 0xFF, 0xFE, 0x00 }, false).Error);
            Assert.StartsWith("the configuration file is larger", ThingSettings.Parse(new byte[SettingsFile.MaxBytes + 1], false).Error);
        }
    }
}
