using System.Device.Gpio;
using System.Threading;
using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// The status LED (the ESP32 DevKit's blue LED is GPIO 2), for a thing without a display and
    /// for a glance at one with: fast blink = configuration error, slow blink = connecting (Wi-Fi
    /// or XMPP), double blink = online and unclaimed, steady = online and owned. A configured
    /// display that does not answer (<see cref="Ssd1306Display.Missing"/>) changes the online
    /// patterns: triple blink = online and unclaimed, the key on the serial console only; steady
    /// with a short dark gap every 2 s = online and owned. Runs its own thread; the pattern follows
    /// the client, the agent and the display by itself once <see cref="Follow"/> names them (it only
    /// reads their state: a field read is atomic, and the interpreter reads fields from memory every
    /// time, so no locks are needed for a blinking LED).
    /// </summary>
    public sealed class StatusLed
    {
        // Each pattern: on, off, on, off ... in milliseconds; one pass is one cycle.
        private static readonly int[] FastBlink = { 100, 100 };
        private static readonly int[] SlowBlink = { 1000, 1000 };
        private static readonly int[] DoubleBlink = { 120, 160, 120, 1600 };
        private static readonly int[] Steady = { 1000, 0 };
        private static readonly int[] TripleBlink = { 120, 160, 120, 160, 120, 1600 };
        private static readonly int[] SteadyWithGap = { 1800, 200 };

        private readonly GpioController controller;
        private readonly int pin;
        private bool configError;
        private XmppClient client;
        private ThingAgent agent;
        private Ssd1306Display display;

        /// <summary>Opens the pin and starts blinking slowly (connecting).</summary>
        /// <param name="controller">The GPIO controller.</param>
        /// <param name="pin">The LED's GPIO (high = on).</param>
        public StatusLed(GpioController controller, int pin)
        {
            this.controller = controller;
            this.pin = pin;
            controller.OpenPin(pin, PinMode.Output);
            new Thread(Run).Start();
        }

        /// <summary>Blinks fast from now on: the configuration is missing or wrong.</summary>
        public void ShowConfigError()
        {
            configError = true;
        }

        /// <summary>From now on the pattern follows the connection, the claim and the display's presence.</summary>
        /// <param name="client">The XMPP client (online or not).</param>
        /// <param name="agent">The agent (owned or not).</param>
        /// <param name="display">The display, whose missing panel the online patterns show.</param>
        public void Follow(XmppClient client, ThingAgent agent, Ssd1306Display display)
        {
            this.display = display;
            this.agent = agent;
            this.client = client;
        }

        private int[] Pattern()
        {
            if (configError)
            {
                return FastBlink;
            }

            var client = this.client;
            var agent = this.agent;
            if (client == null || agent == null || client.State != XmppClientState.Online)
            {
                return SlowBlink;
            }

            var noPanel = display != null && display.Missing;
            if (agent.Owner == null)
            {
                return noPanel ? TripleBlink : DoubleBlink;
            }

            return noPanel ? SteadyWithGap : Steady;
        }

        private void Run()
        {
            while (true)
            {
                var pattern = Pattern();
                for (var i = 0; i < pattern.Length; i++)
                {
                    if (pattern[i] == 0)
                    {
                        continue;
                    }

                    controller.Write(pin, i % 2 == 0 ? PinValue.High : PinValue.Low);
                    Thread.Sleep(pattern[i]);
                }
            }
        }
    }
}
