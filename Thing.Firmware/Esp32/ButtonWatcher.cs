using System.Device.Gpio;
using System.Threading;
using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// The button (to GND, with the ESP32's internal pull-up; GPIO 0 is the DevKit's BOOT button).
    /// A short press shows the thing's screen again (the claim key while unclaimed) and writes the
    /// key to the console. Holding it shows "hold to reset..." with the seconds left; held for
    /// button.long_press_ms it shows "factory reset" and hands the agent's factory reset to the
    /// connection's thread. The GPIO callback only wakes this watcher's thread, which then follows
    /// the pin level (so contact bounce does not count as presses).
    /// </summary>
    public sealed class ButtonWatcher
    {
        private const int PollInterval = 50;
        private const int DebounceTime = 50;
        private const int FeedbackAfter = 1000;

        private readonly GpioPin button;
        private readonly int longPress;
        private readonly Esp32XmppConnection connection;
        private readonly ThingAgent agent;
        private readonly Ssd1306Display display;
        private readonly ILog log;
        private readonly ClientAction factoryReset;
        private readonly AutoResetEvent edge = new AutoResetEvent(false);

        /// <summary>Opens the pin and starts watching it.</summary>
        /// <param name="controller">The GPIO controller.</param>
        /// <param name="pin">The button's GPIO (pressed = low).</param>
        /// <param name="longPress">How long a press must last for a factory reset, in milliseconds.</param>
        /// <param name="connection">Runs the factory reset on its thread.</param>
        /// <param name="agent">The thing's behaviour.</param>
        /// <param name="display">The display, for feedback.</param>
        /// <param name="log">Where to report.</param>
        public ButtonWatcher(GpioController controller, int pin, int longPress, Esp32XmppConnection connection, ThingAgent agent, Ssd1306Display display, ILog log)
        {
            this.longPress = longPress;
            this.connection = connection;
            this.agent = agent;
            this.display = display;
            this.log = log;
            factoryReset = new ClientAction(agent.FactoryReset);
            button = new GpioPin(controller, pin, false);
            controller.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Falling | PinEventTypes.Rising, OnEdge);
            new Thread(Run).Start();
        }

        private void OnEdge(object sender, PinValueChangedEventArgs e)
        {
            edge.Set();
        }

        private bool Pressed()
        {
            return !button.Read();
        }

        private void Run()
        {
            while (true)
            {
                // Also looks every second on its own, in case an edge was missed.
                edge.WaitOne(1000, false);
                if (!Pressed())
                {
                    continue;
                }

                Thread.Sleep(DebounceTime);
                if (!Pressed())
                {
                    continue;
                }

                FollowPress();
            }
        }

        private void FollowPress()
        {
            var start = connection.Now;
            var shownSeconds = -1;
            while (Pressed())
            {
                var held = connection.Now - start;
                if (held >= longPress)
                {
                    log.Write("button: factory reset");
                    display.ShowMessage("Factory reset", "forgetting the owner and friends; a new claim key follows");
                    Thread.Sleep(1500);
                    connection.Post(factoryReset);
                    WaitForRelease();
                    return;
                }

                if (held >= FeedbackAfter)
                {
                    var secondsLeft = (int)((longPress - held + 999) / 1000);
                    if (secondsLeft != shownSeconds)
                    {
                        shownSeconds = secondsLeft;
                        display.ShowMessage("Hold to reset...", "factory reset in " + secondsLeft + " s; let go to cancel");
                    }
                }

                Thread.Sleep(PollInterval);
            }

            // A short press, or a long one let go in time: the thing's screen again.
            log.Write(agent.Owner == null ? "button: claim key " + agent.ClaimKeyText : "button: owned by " + agent.Owner + "; the key is not shown");
            display.Refresh();
        }

        private void WaitForRelease()
        {
            while (Pressed())
            {
                Thread.Sleep(PollInterval);
            }
        }
    }
}
