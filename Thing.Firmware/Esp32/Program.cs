using System;
using System.Device.Gpio;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using nanoFramework.Runtime.Native;
using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Configuration;
using SiotThing.Protocol.Devices;
using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// The thing on the ESP32. Reads <c>I:\thing.conf</c> (deploy/thing.conf.template documents
    /// it; deploy/flash puts it there), brings up its network link (Wi-Fi, or wired Ethernet on
    /// boards that have it), and runs the same core as the .NET thing
    /// (Host/ThingHost.cs) over the ESP32's adapters, for ever. Nothing here decides protocol
    /// matters: that is Thing.Protocol's.
    /// </summary>
    public static class Program
    {
        /// <summary>Where deploy/flash puts the configuration.</summary>
        public const string ConfigPath = FlashFiles.Drive + "thing.conf";

        // Used while the configuration cannot be read, whatever it says: the DevKit's own LED and
        // the usual wiring of an SSD1306.
        private const int FallbackLedPin = 2;
        private const int FallbackDisplayAddress = 0x3C;
        private const int FallbackSdaPin = 21;
        private const int FallbackSclPin = 22;

        private const int ConfigRetryInterval = 10000;

        // How long a fatal error stays on the console and the display before the restart.
        private const int FatalRestartDelay = 30000;

        private static Esp32XmppConnection connection;
        private static ButtonWatcher button;
        private static ClientAction deviceChanged;
        private static ILog log;

        /// <summary>The entry point.</summary>
        public static void Main()
        {
            log = new DebugLog();
            log.Write("SiotThing starting");
            var settings = ReadSettings();
            var problem = Check(settings);
            if (problem != null)
            {
                ShowConfigErrorUntilFixed(problem, null);
            }

            try
            {
                Run(settings);
            }
            catch (Exception e)
            {
                // An exception ends only its thread: with Main gone nothing would ever restart the
                // chip (nanoCLR waits for a debugger once no thread is left), so restart it here.
                log.Write("fatal: " + e.GetType().Name + ": " + e.Message + "; restarting in " + (FatalRestartDelay / 1000) + " s");
                Thread.Sleep(FatalRestartDelay);
                Restart();
            }
        }

        private static void Run(ThingSettings settings)
        {
            var certificate = ReadCertificate(settings);
            var authority = certificate == null ? null : Authority(certificate, settings.CaCertificate);
            var gpio = new GpioController();
            var display = new Ssd1306Display(settings.DisplayAddress, settings.DisplaySdaPin, settings.DisplaySclPin, log);
            StatusLed led = null;
            GpioPin pin = null;
            try
            {
                led = settings.StatusLedPin >= 0 ? new StatusLed(gpio, settings.StatusLedPin) : null;

                // The relay's pin is driven low (off, for a high-level trigger) at once, not left
                // floating while the link comes up.
                pin = new GpioPin(gpio, settings.DevicePin, settings.DeviceKind == "bulb");
            }
            catch (Exception e)
            {
                PinRefused(e);
            }

            IThingDevice device = settings.DeviceKind == "bulb"
                ? (IThingDevice)new LightBulb(pin)
                : new DigitalSensor(pin, settings.SensorHigh, settings.SensorLow);

            // The link, the connection's retries and the last-resort reboot: LinkSupervisor decides.
            NetworkLink link;
            if (settings.NetworkLink == "ethernet")
            {
                RadioForRandomness.EnsureOn(log);
                link = new EthernetLink();
            }
            else
            {
                link = new WifiLink(settings.WifiSsid, settings.WifiPassword);
            }

            var runner = new LinkRunner(link, new DeviceEntropy(), display, log);
            runner.JoinFirst();

            // Made once the link is up: the agent may draw a claim key, and the ESP32's random
            // number generator is a true one only while the radio runs (with Ethernet too: see
            // RadioForRandomness).
            var entropy = new DeviceEntropy();

            // Wired exactly as Host/ThingHost.cs wires the .NET thing.
            var agent = new ThingAgent(
                new ThingConfiguration(settings.ProvisioningJid, settings.NameLanguages, settings.Names),
                new ThingStateStore(new FlashStateStore()),
                display,
                device,
                entropy,
                log);
            // Device-sized buffers (SmallHeapBuffers): the defaults hold about 85 KB
            // (docs/performance.md), most of an ESP32's managed heap without PSRAM.
            var clientSettings = new XmppClientSettings(settings.Jid, settings.Password);
            clientSettings.Resource = settings.Resource;
            SmallHeapBuffers.Apply(clientSettings);
            var limits = SmallHeapBuffers.Limits();
            var client = new XmppClient(clientSettings, agent, entropy, limits);
            client.ScramSecrets = agent.StoredScramSecrets;

            // The first login's PBKDF2 through the firmware's HMAC-SHA-256 (docs/performance.md).
            client.Macs = new NativeMacProvider();
            connection = new Esp32XmppConnection(
                settings.Server,
                settings.Port,
                settings.DirectTls,
                authority,
                Jid.Parse(settings.Jid).Domain,
                client,
                log);
            connection.OnTick = new ClientAction(agent.Tick);

            if (led != null)
            {
                led.Follow(client, agent, display);
            }

            try
            {
                if (settings.DeviceKind == "sensor")
                {
                    // A change of the sensor's level goes to friends as the thing's presence.
                    deviceChanged = new ClientAction(agent.DeviceChanged);
                    gpio.RegisterCallbackForPinValueChangedEvent(settings.DevicePin, PinEventTypes.Falling | PinEventTypes.Rising, OnSensorChanged);
                }

                if (settings.ButtonPin >= 0)
                {
                    button = new ButtonWatcher(gpio, settings.ButtonPin, settings.LongPressMilliseconds, connection, agent, display, log);
                }
            }
            catch (Exception e)
            {
                PinRefused(e);
            }

            log.Write(settings.Names[0] + " (" + settings.Jid + "), a " + settings.DeviceKind + " on GPIO " + settings.DevicePin + ", over " + link.Name);
            runner.Run(connection);
        }

        /// <summary>
        /// What is wrong with the configuration (the common rules, the ESP32's pins, the CA file),
        /// or null; with a CA configured, it also makes that CA the only one the device trusts
        /// (<see cref="DeviceCaStore"/>), and a store that cannot be made so is wrong too: the
        /// thing does not connect while other CAs might be trusted.
        /// </summary>
        private static string Check(ThingSettings settings)
        {
            if (settings.Error != null)
            {
                return settings.Error;
            }

            var pins = CheckPins(settings);
            if (pins != null)
            {
                return pins;
            }

            if (settings.CaCertificate == null)
            {
                return null;
            }

            var certificate = ReadCertificate(settings);
            if (certificate == null || Authority(certificate, settings.CaCertificate) == null)
            {
                // Without the configured CA the server cannot be trusted: wait for a fixed file.
                return settings.CaCertificate + " is missing or not a certificate (PEM or DER); deploy/flash --ca puts it there";
            }

            return DeviceCaStore.TrustOnly(certificate, settings.CaCertificate, log);
        }

        private static ThingSettings ReadSettings()
        {
            return ThingSettings.Parse(FlashFiles.ReadAll(ConfigPath), true);
        }

        private static string CheckPins(ThingSettings settings)
        {
            if (settings.DevicePin < 0)
            {
                return "device.pin is required on the ESP32 (the GPIO of the relay module or the sensor)";
            }

            var names = ThingSettings.PinKeys;
            var pins = settings.Pins();
            for (var i = 0; i < pins.Length; i++)
            {
                for (var j = i + 1; j < pins.Length; j++)
                {
                    if (pins[i] >= 0 && pins[i] == pins[j])
                    {
                        return names[i] + " and " + names[j] + " are both GPIO " + pins[i] + "; each needs its own pin";
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// A pin the configuration names that the firmware refuses to open (reserved by the board's
        /// firmware, e.g. an Ethernet PHY's clock or power pin, or not usable that way): a
        /// configuration error, shown until the file changes.
        /// </summary>
        private static void PinRefused(Exception e)
        {
            ShowConfigErrorUntilFixed(
                "a configured pin cannot be opened on this board (" + e.GetType().Name + " " + e.Message + "): the firmware may reserve it (README, \"Hardware and wiring\"); pick another",
                FlashFiles.ReadAll(ConfigPath));
        }

        /// <summary>
        /// Shows what is wrong on the display (fallback wiring) and the console, blinks the
        /// fallback LED fast, and reads the configuration again every 10 s; once it is right (and,
        /// for a problem only the board shows, once the file changed) the device restarts, so that
        /// it starts clean with the pins the configuration names. Never returns.
        /// </summary>
        /// <param name="error">What is wrong.</param>
        /// <param name="failedWith">For a problem the file's checks cannot see (a pin the board refuses): the file it happened with; else null.</param>
        private static void ShowConfigErrorUntilFixed(string error, byte[] failedWith)
        {
            log.Write("configuration: " + ConfigPath + ": " + error);
            var led = new StatusLed(new GpioController(), FallbackLedPin);
            led.ShowConfigError();
            var display = new Ssd1306Display(FallbackDisplayAddress, FallbackSdaPin, FallbackSclPin, log);
            display.ShowMessage("Config error", error);
            while (true)
            {
                Thread.Sleep(ConfigRetryInterval);
                var current = Check(ReadSettings());
                if (current == null && failedWith != null && SameBytes(FlashFiles.ReadAll(ConfigPath), failedWith))
                {
                    continue;
                }

                if (current == null)
                {
                    log.Write("configuration: fixed; restarting");
                    display.ShowMessage("Config OK", "restarting...");
                    Thread.Sleep(1000);
                    Restart();
                }

                if (current != error)
                {
                    error = current;
                    log.Write("configuration: " + ConfigPath + ": " + error);
                    display.ShowMessage("Config error", error);
                }
            }
        }

        // Power.RebootDevice only asks for the restart (the engine resets after its current pass):
        // nothing after it may run on.
        private static void Restart()
        {
            Power.RebootDevice();
            Thread.Sleep(Timeout.Infinite);
        }

        private static bool SameBytes(byte[] left, byte[] right)
        {
            if (left == null || right == null || left.Length != right.Length)
            {
                return left == right;
            }

            for (var i = 0; i < left.Length; i++)
            {
                if (left[i] != right[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The configured CA's bytes as mbedTLS parses them (PEM gets its terminating NUL), or null.</summary>
        private static byte[] ReadCertificate(ThingSettings settings)
        {
            var bytes = settings.CaCertificate == null ? null : FlashFiles.ReadAll(settings.CaCertificate);
            if (bytes == null || bytes.Length == 0)
            {
                return null;
            }

            if (bytes[0] == (byte)'-')
            {
                // mbedTLS parses PEM only with a terminating NUL byte.
                var terminated = new byte[bytes.Length + 1];
                Array.Copy(bytes, terminated, bytes.Length);
                bytes = terminated;
            }

            return bytes;
        }

        /// <summary>The CA certificate in <paramref name="bytes"/> (read from <paramref name="path"/>), or null when they are not one.</summary>
        private static X509Certificate Authority(byte[] bytes, string path)
        {
            try
            {
                return new X509Certificate(bytes);
            }
            catch (Exception e)
            {
                log.Write("configuration: " + path + ": " + e.Message);
                return null;
            }
        }

        private static void OnSensorChanged(object sender, PinValueChangedEventArgs e)
        {
            connection.Post(deviceChanged);
        }
    }
}
