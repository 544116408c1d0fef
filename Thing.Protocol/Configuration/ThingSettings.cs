using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Protocol.Configuration
{
    /// <summary>
    /// The thing's configuration, read from <see cref="SettingsFile"/> and checked: every field
    /// is documented in deploy/thing.conf.template. <see cref="Parse"/> never throws on a bad
    /// file; it returns settings whose <see cref="Error"/> says what to fix, with the line.
    /// </summary>
    public sealed class ThingSettings
    {
        /// <summary>Every key the file may hold.</summary>
        public static readonly string[] Keys =
        {
            "network.link", "wifi.ssid", "wifi.password",
            "xmpp.jid", "xmpp.password", "xmpp.server", "xmpp.port", "xmpp.direct_tls", "xmpp.ca_certificate", "xmpp.resource",
            "provisioning.jid",
            "name", "name.*",
            "device.kind", "device.pin", "sensor.high", "sensor.low",
            "button.pin", "button.long_press_ms",
            "display.address", "display.sda_pin", "display.scl_pin",
            "status_led.pin",
        };

        private ThingSettings()
        {
        }

        /// <summary>
        /// The ESP32's GPIOs an Ethernet board wires to its PHY (the internal EMAC's RMII data pins
        /// and the usual MDC and MDIO): on such a board no other use may take them. The clock and
        /// the PHY's power pin differ by board (README, "Wired Ethernet").
        /// </summary>
        public static readonly int[] EthernetPins = { 18, 19, 21, 22, 23, 25, 26, 27 };

        /// <summary>The settings that name a GPIO, in the order of <see cref="Pins"/>.</summary>
        public static readonly string[] PinKeys = { "device.pin", "button.pin", "status_led.pin", "display.sda_pin", "display.scl_pin" };

        /// <summary>What is wrong with the file, or <c>null</c>.</summary>
        public string Error { get; private set; }

        /// <summary>The ESP32's network link: <c>wifi</c> (the default) or <c>ethernet</c> (boards with a LAN8720-class PHY).</summary>
        public string NetworkLink { get; private set; }

        /// <summary>The Wi-Fi network (ESP32 only).</summary>
        public string WifiSsid { get; private set; }

        /// <summary>The Wi-Fi password (ESP32 only; empty for an open network).</summary>
        public string WifiPassword { get; private set; }

        /// <summary>The thing's XMPP account, a bare JID.</summary>
        public string Jid { get; private set; }

        /// <summary>The account's password.</summary>
        public string Password { get; private set; }

        /// <summary>The server's host name or address; the JID's domain when not set.</summary>
        public string Server { get; private set; }

        /// <summary>The server's port: 5222 (STARTTLS) or 5223 (direct TLS) unless set.</summary>
        public int Port { get; private set; }

        /// <summary>TLS from the first byte (XEP-0368) instead of STARTTLS.</summary>
        public bool DirectTls { get; private set; }

        /// <summary>Path of the CA certificate (PEM) the server's certificate must chain to; <c>null</c> for the platform's store.</summary>
        public string CaCertificate { get; private set; }

        /// <summary>The resource to bind.</summary>
        public string Resource { get; private set; }

        /// <summary>The provisioning service's JID.</summary>
        public string ProvisioningJid { get; private set; }

        /// <summary>The language of each name ("" for the default name).</summary>
        public string[] NameLanguages { get; private set; }

        /// <summary>The names, in the order of <see cref="NameLanguages"/>.</summary>
        public string[] Names { get; private set; }

        /// <summary><c>bulb</c> or <c>sensor</c>.</summary>
        public string DeviceKind { get; private set; }

        /// <summary>The GPIO pin of the bulb's switch or the sensor's input; -1 when not set (simulated hardware).</summary>
        public int DevicePin { get; private set; }

        /// <summary>What a sensor's high level means.</summary>
        public string SensorHigh { get; private set; }

        /// <summary>What a sensor's low level means.</summary>
        public string SensorLow { get; private set; }

        /// <summary>The button's GPIO pin (pressed = low, with a pull-up); -1 when there is none.</summary>
        public int ButtonPin { get; private set; }

        /// <summary>How long the button must be held for a factory reset, in milliseconds.</summary>
        public int LongPressMilliseconds { get; private set; }

        /// <summary>The display's I2C address; -1 when there is no display.</summary>
        public int DisplayAddress { get; private set; }

        /// <summary>The I2C data pin of the display (ESP32).</summary>
        public int DisplaySdaPin { get; private set; }

        /// <summary>The I2C clock pin of the display (ESP32).</summary>
        public int DisplaySclPin { get; private set; }

        /// <summary>The status LED's pin, for boards without a display; -1 when there is none.</summary>
        public int StatusLedPin { get; private set; }

        /// <summary>The GPIOs in use, in the order of <see cref="PinKeys"/>; -1 for a part there is not (the display's pins without a display).</summary>
        /// <returns>A new array.</returns>
        public int[] Pins()
        {
            var hasDisplay = DisplayAddress >= 0;
            return new[] { DevicePin, ButtonPin, StatusLedPin, hasDisplay ? DisplaySdaPin : -1, hasDisplay ? DisplaySclPin : -1 };
        }

        /// <summary>Reads and checks the configuration.</summary>
        /// <param name="bytes">The file's content (<c>null</c> when the file is missing).</param>
        /// <param name="onDevice">
        /// Whether the file is for the ESP32: then the network link's settings are required
        /// (<c>wifi.ssid</c> unless <c>network.link = ethernet</c>) and an Ethernet board's PHY pins
        /// are refused for other uses. On .NET the network is the host's and these are ignored.
        /// </param>
        /// <returns>The settings; check <see cref="Error"/>.</returns>
        public static ThingSettings Parse(byte[] bytes, bool onDevice)
        {
            var settings = new ThingSettings();
            var file = SettingsFile.Parse(bytes, Keys);
            settings.Error = file.Error ?? settings.Read(file, onDevice);
            return settings;
        }

        private string Read(SettingsFile file, bool onDevice)
        {
            NetworkLink = file.Get("network.link") ?? "wifi";
            if (NetworkLink != "wifi" && NetworkLink != "ethernet")
            {
                return Where(file, "network.link") + "network.link must be wifi or ethernet";
            }

            WifiSsid = file.Get("wifi.ssid");
            WifiPassword = file.Get("wifi.password") ?? string.Empty;
            if (onDevice && NetworkLink == "wifi" && (WifiSsid == null || WifiSsid.Length == 0))
            {
                return "wifi.ssid is required (or network.link = ethernet on a board with Ethernet)";
            }

            var jid = Xmpp.Jid.Parse(file.Get("xmpp.jid"));
            if (jid == null || jid.Local == null || !jid.IsBare)
            {
                return Where(file, "xmpp.jid") + "xmpp.jid must be the thing's bare JID, user@domain";
            }

            Jid = jid.Bare;
            Password = file.Get("xmpp.password");
            if (Password == null || Password.Length == 0)
            {
                return "xmpp.password is required";
            }

            Server = file.Get("xmpp.server") ?? jid.Domain;
            var direct = ReadBool(file, "xmpp.direct_tls", false);
            if (direct < 0)
            {
                return Where(file, "xmpp.direct_tls") + "xmpp.direct_tls must be true or false";
            }

            DirectTls = direct == 1;
            Port = ReadInt(file, "xmpp.port", DirectTls ? 5223 : 5222, 1, 65535);
            if (Port < 0)
            {
                return Where(file, "xmpp.port") + "xmpp.port must be a number from 1 to 65535";
            }

            CaCertificate = file.Get("xmpp.ca_certificate");
            Resource = file.Get("xmpp.resource") ?? "thing";
            var service = Xmpp.Jid.Parse(file.Get("provisioning.jid"));
            if (service == null || !service.IsBare)
            {
                return Where(file, "provisioning.jid") + "provisioning.jid must be the provisioning service's JID, e.g. provisioning.example.org";
            }

            ProvisioningJid = service.Bare;
            var error = ReadNames(file);
            if (error != null)
            {
                return error;
            }

            DeviceKind = file.Get("device.kind") ?? "bulb";
            if (DeviceKind != "bulb" && DeviceKind != "sensor")
            {
                return Where(file, "device.kind") + "device.kind must be bulb or sensor";
            }

            SensorHigh = file.Get("sensor.high") ?? "high";
            SensorLow = file.Get("sensor.low") ?? "low";
            DevicePin = ReadInt(file, "device.pin", -1, 0, 255);
            ButtonPin = ReadInt(file, "button.pin", -1, 0, 255);
            LongPressMilliseconds = ReadInt(file, "button.long_press_ms", 5000, 1000, 60000);
            DisplayAddress = ReadInt(file, "display.address", -1, 0, 127);
            DisplaySdaPin = ReadInt(file, "display.sda_pin", 21, 0, 255);
            DisplaySclPin = ReadInt(file, "display.scl_pin", 22, 0, 255);
            StatusLedPin = ReadInt(file, "status_led.pin", -1, 0, 255);
            var keys = new[] { "device.pin", "button.pin", "button.long_press_ms", "display.address", "display.sda_pin", "display.scl_pin", "status_led.pin" };
            var numbers = new[] { DevicePin, ButtonPin, LongPressMilliseconds, DisplayAddress, DisplaySdaPin, DisplaySclPin, StatusLedPin };
            for (var i = 0; i < keys.Length; i++)
            {
                if (numbers[i] == -2)
                {
                    return Where(file, keys[i]) + keys[i] + " is not a number in its range";
                }
            }

            if (!onDevice)
            {
                return null;
            }

            return CheckEsp32Pins(file) ?? (NetworkLink == "ethernet" ? CheckEthernetPins(file) : null);
        }

        // What the ESP32 itself allows (the firmware would throw, reset or lose its console
        // otherwise): GPIO 0-39 but 20, 24 and 28-31, which the chip has not; not 1 and 3 (the
        // serial console and nanoff's link) nor 6-11 (the flash chip: touching them resets the
        // chip); 34-39 are inputs only, without pull-ups.
        private string CheckEsp32Pins(SettingsFile file)
        {
            var keys = PinKeys;
            var pins = Pins();
            var outputs = new[] { DeviceKind == "bulb", false, true, true, true };
            for (var i = 0; i < keys.Length; i++)
            {
                var pin = pins[i];
                string problem = null;
                if (pin < 0)
                {
                    continue;
                }

                if (pin > 39 || pin == 20 || pin == 24 || (pin >= 28 && pin <= 31))
                {
                    problem = "the ESP32 has no GPIO " + pin;
                }
                else if (pin == 1 || pin == 3)
                {
                    problem = "GPIO " + pin + " is the serial console (and nanoff's link to the board)";
                }
                else if (pin >= 6 && pin <= 11)
                {
                    problem = "GPIO " + pin + " belongs to the flash chip: using it resets the ESP32";
                }
                else if (pin >= 34 && outputs[i])
                {
                    problem = "GPIO " + pin + " is an input only";
                }

                if (problem != null)
                {
                    return Where(file, keys[i]) + keys[i] + ": " + problem + "; pick another pin (README, \"Hardware and wiring\")";
                }
            }

            return null;
        }

        private string CheckEthernetPins(SettingsFile file)
        {
            var keys = PinKeys;
            var pins = Pins();
            for (var i = 0; i < keys.Length; i++)
            {
                for (var j = 0; j < EthernetPins.Length; j++)
                {
                    if (pins[i] != EthernetPins[j])
                    {
                        continue;
                    }

                    var given = file.Get(keys[i]) != null;
                    return Where(file, keys[i]) + keys[i] + (given ? " is" : " defaults to") + " GPIO " + pins[i]
                        + ", which an Ethernet board wires to its PHY (GPIO 18, 19, 21, 22, 23, 25, 26, 27); "
                        + (given ? "pick another pin" : "set " + keys[i] + " to a free pin") + " (README, \"Wired Ethernet\")";
                }
            }

            return null;
        }

        private string ReadNames(SettingsFile file)
        {
            var count = 0;
            for (var i = 0; i < file.Count; i++)
            {
                if (file.KeyAt(i) == "name" || file.KeyAt(i).StartsWith("name."))
                {
                    count++;
                }
            }

            if (file.Get("name") == null)
            {
                return "name is required (the thing's name, shown to its owner)";
            }

            NameLanguages = StringArrays.Create(count);
            Names = StringArrays.Create(count);
            var at = 0;
            for (var i = 0; i < file.Count; i++)
            {
                var key = file.KeyAt(i);
                if (key != "name" && !key.StartsWith("name."))
                {
                    continue;
                }

                var value = file.Get(key);
                if (value.Length == 0 || value.Length > 100)
                {
                    return Where(file, key) + key + " must have 1 to 100 characters";
                }

                var hidden = ShownText.IndexOfHidden(value);
                if (hidden >= 0)
                {
                    return Where(file, key) + key + " has a control or text-direction character at position " + (hidden + 1)
                        + ", which would make it show differently from what it is; remove it";
                }

                NameLanguages[at] = key == "name" ? string.Empty : key.Substring(5);
                Names[at] = value;
                at++;
            }

            return null;
        }

        private static string Where(SettingsFile file, string key)
        {
            var line = file.LineOf(key);
            return line > 0 ? "line " + line + ": " : string.Empty;
        }

        /// <returns>1 for true, 0 for false, the default when absent, -1 when it is neither.</returns>
        private static int ReadBool(SettingsFile file, string key, bool fallback)
        {
            var text = file.Get(key);
            if (text == null)
            {
                return fallback ? 1 : 0;
            }

            text = text.ToLower();
            return text == "true" || text == "yes" || text == "1" ? 1 : text == "false" || text == "no" || text == "0" ? 0 : -1;
        }

        /// <returns>The number; the default when absent; -2 when it is not a number in [min, max].</returns>
        private static int ReadInt(SettingsFile file, string key, int fallback, int min, int max)
        {
            var text = file.Get(key);
            if (text == null)
            {
                return fallback;
            }

            var hex = text.StartsWith("0x") || text.StartsWith("0X");
            var digits = hex ? text.Substring(2) : text;
            if (digits.Length == 0 || digits.Length > 9)
            {
                return -2;
            }

            var value = 0;
            for (var i = 0; i < digits.Length; i++)
            {
                var c = digits[i];
                int digit = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (digit < 0)
                {
                    return -2;
                }

                value = value * (hex ? 16 : 10) + digit;
            }

            return value < min || value > max ? -2 : value;
        }
    }
}
