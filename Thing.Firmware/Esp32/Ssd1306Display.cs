using System;
using System.Device.I2c;
using System.Threading;
using Iot.Device.Ssd13xx;
using nanoFramework.Hardware.Esp32;
using SiotThing.Protocol.Devices;
using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// The display port on the ESP32: an SSD1306 128x64 OLED on I2C (16 characters x 8 lines of
    /// the 8x8 <see cref="OledFont"/>), and the same text on the serial console. Line 1 shows the
    /// name; while unclaimed, lines 3 to 5 the claim key, three 4-symbol groups per line; the last
    /// lines the status. Messages (Wi-Fi, errors, the button's feedback) replace the screen until
    /// the next <see cref="Show"/> or <see cref="Refresh"/>. To spare the OLED from burn-in the
    /// screen goes dark after <see cref="ScreenTimeout"/>; the button's short press wakes it.
    /// An I2C panel that does not answer raises nothing on the ESP32 (the write returns a failed
    /// <see cref="I2cTransferResult"/>, which the SSD13xx driver ignores), so the panel's presence is
    /// checked by a write of its own whose result is read: a no-operation command before the driver
    /// is made, and after each frame; <see cref="DisplayPresence"/> decides what the results mean.
    /// Without a panel (none configured, or none answering) only the console shows the text, the
    /// claim key is repeated there every minute while the thing is unclaimed, and a configured panel
    /// that is missing is said once on the log and by the status LED (<see cref="Missing"/>); it is
    /// probed again at each change of the screen, so a panel wired later is found without a restart.
    /// Safe to call from any thread.
    /// </summary>
    public sealed class Ssd1306Display : IDisplay
    {
        /// <summary>How long the screen stays lit after it last changed, in milliseconds.</summary>
        public const int ScreenTimeout = 10 * 60 * 1000;

        private const int Columns = 16;
        private const int Rows = 8;
        private const int CharPixels = 8;

        // Between the start's probes: an SSD1306 powered up with the board answers within a few milliseconds.
        private const int ProbePause = 50;

        // A control byte "commands follow", then the SSD1306's NOP (0xE3): acknowledged by a panel, changes nothing on it.
        private static readonly byte[] NoOperation = { 0x00, 0xE3 };

        private readonly object sync = new object();
        private readonly ILog log;
        private readonly Timer darkTimer;
        private readonly Timer keyTimer;
        private readonly DisplayPresence presence;
        private readonly int address;
        private I2cDevice device;
        private I2cTransferStatus lastStatus;
        private Ssd1306 panel;
        private string name = string.Empty;
        private string claimKey;
        private string status = string.Empty;
        private string lastConsole;

        /// <summary>Opens the display; nothing is shown until <see cref="Show"/> or <see cref="ShowMessage"/>.</summary>
        /// <param name="address">The I2C address (usually 0x3C), or -1 for no display (console only).</param>
        /// <param name="dataPin">The GPIO of I2C SDA (21 on most ESP32 boards).</param>
        /// <param name="clockPin">The GPIO of I2C SCL (22 on most ESP32 boards).</param>
        /// <param name="log">Where to report a display that does not answer.</param>
        public Ssd1306Display(int address, int dataPin, int clockPin, ILog log)
        {
            this.log = log;
            this.address = address;
            presence = new DisplayPresence(address >= 0);
            darkTimer = new Timer(Darken, null, Timeout.Infinite, Timeout.Infinite);
            keyTimer = new Timer(RemindKey, null, Timeout.Infinite, Timeout.Infinite);
            if (address < 0)
            {
                return;
            }

            try
            {
                // ESP32 routes I2C bus 1 to any pins: route it to the configured ones first.
                Configuration.SetPinFunction(dataPin, DeviceFunction.I2C1_DATA);
                Configuration.SetPinFunction(clockPin, DeviceFunction.I2C1_CLOCK);
                device = I2cDevice.Create(new I2cConnectionSettings(1, address, I2cBusSpeed.FastMode));
            }
            catch (Exception e)
            {
                // The bus cannot be opened: the probes below fail, and the panel counts as missing.
                log.Write("display: opening I2C failed (" + e.Message + ")");
            }

            lock (sync)
            {
                while (presence.State == DisplayPanelState.Probing)
                {
                    if (!Probe())
                    {
                        Thread.Sleep(ProbePause);
                    }
                }
            }
        }

        /// <summary>
        /// Whether a configured panel does not answer (the status LED shows it). Read without the
        /// lock: one field read, and a blinking LED may be a moment late.
        /// </summary>
        public bool Missing
        {
            get { return presence.Missing; }
        }

        /// <inheritdoc />
        public void Show(string name, string claimKey, string status)
        {
            lock (sync)
            {
                this.name = name ?? string.Empty;
                this.claimKey = claimKey;
                this.status = status ?? string.Empty;
                Echo("[display] " + this.name + " | " + this.status + (claimKey == null ? string.Empty : " | key " + claimKey));
                Render();
                RemindKeyEveryMinute();
            }
        }

        /// <summary>Shows the thing's state again (the button's short press): lights a dark screen and ends a message.</summary>
        public void Refresh()
        {
            lock (sync)
            {
                Render();
            }
        }

        /// <summary>Replaces the screen with a message until the next <see cref="Show"/> or <see cref="Refresh"/>.</summary>
        /// <param name="title">The first line, e.g. "Wi-Fi" or "Config error".</param>
        /// <param name="text">The message, wrapped over the lines below.</param>
        public void ShowMessage(string title, string text)
        {
            lock (sync)
            {
                Echo("[display] " + title + ": " + text);
                if (!Ready())
                {
                    return;
                }

                try
                {
                    Clear();
                    panel.DrawString(0, 0, Fit(title));
                    DrawWrapped(text, 2, Rows - 2);
                    Publish();
                }
                catch (Exception e)
                {
                    Fail("drawing", e);
                }
            }
        }

        private void Render()
        {
            if (!Ready())
            {
                return;
            }

            try
            {
                Clear();
                panel.DrawString(0, 0, Fit(name));
                var row = 2;
                if (claimKey != null)
                {
                    panel.DrawString(0, row * CharPixels, "Claim key:");
                    row = DrawKey(claimKey, row + 1) + 1;
                }

                DrawWrapped(status, row, Rows - row);
                Publish();
            }
            catch (Exception e)
            {
                Fail("drawing", e);
            }
        }

        // The key's groups joined by '-', as many groups per line as fit: 3 of 4 symbols ("ABCD-EFGH-JKLM").
        private int DrawKey(string key, int row)
        {
            var line = string.Empty;
            var start = 0;
            while (start <= key.Length && row < Rows)
            {
                var end = key.IndexOf('-', start);
                if (end < 0)
                {
                    end = key.Length;
                }

                var group = key.Substring(start, end - start);
                if (line.Length > 0 && line.Length + 1 + group.Length > Columns)
                {
                    panel.DrawString(0, row * CharPixels, line);
                    row++;
                    line = string.Empty;
                }

                line = line.Length == 0 ? Fit(group) : line + "-" + group;
                start = end + 1;
            }

            if (line.Length > 0 && row < Rows)
            {
                panel.DrawString(0, row * CharPixels, line);
                row++;
            }

            return row;
        }

        // Word-wraps text over at most lines rows from row; a word longer than a line is cut.
        private void DrawWrapped(string text, int row, int lines)
        {
            var last = row + lines;
            var start = 0;
            while (start < text.Length && row < last)
            {
                while (start < text.Length && text[start] == ' ')
                {
                    start++;
                }

                var end = start + Columns;
                if (end >= text.Length)
                {
                    end = text.Length;
                }
                else
                {
                    var space = text.LastIndexOf(' ', end, end - start + 1);
                    if (space > start)
                    {
                        end = space;
                    }
                }

                if (end > start)
                {
                    panel.DrawString(0, row * CharPixels, text.Substring(start, end - start));
                }

                row++;
                start = end;
            }
        }

        private static string Fit(string text)
        {
            return text.Length <= Columns ? text : text.Substring(0, Columns);
        }

        private void Clear()
        {
            panel.ClearDirectAligned(0, 0, Columns * CharPixels, Rows * CharPixels);
        }

        private void Publish()
        {
            // Each I2C write waits up to 1 s on a stuck bus, with every managed thread: one write
            // first, not the frame's sixteen, when the panel does not answer.
            if (!Answers())
            {
                Record(false);
                return;
            }

            panel.Display();

            // The driver ignores its writes' results: one more write tells whether the panel took the frame.
            Record(Answers());
            if (panel != null)
            {
                darkTimer.Change(ScreenTimeout, Timeout.Infinite);
            }
        }

        // Whether there is a panel to draw on; a missing one is probed again first.
        private bool Ready()
        {
            if (presence.ShouldProbe)
            {
                Probe();
            }

            return panel != null;
        }

        private bool Probe()
        {
            var answered = Answers();
            Record(answered);
            return answered;
        }

        private bool Answers()
        {
            if (device == null)
            {
                return false;
            }

            try
            {
                lastStatus = device.Write(NoOperation).Status;
                return lastStatus == I2cTransferStatus.FullTransfer;
            }
            catch (Exception e)
            {
                log.Write("display: I2C write failed (" + e.Message + ")");
                lastStatus = I2cTransferStatus.UnknownError;
                return false;
            }
        }

        private void Record(bool answered)
        {
            if (!presence.Record(answered))
            {
                return;
            }

            if (presence.Missing)
            {
                // The driver is dropped, not disposed: disposing it would close the I2C device the probes use.
                panel = null;
                darkTimer.Change(Timeout.Infinite, Timeout.Infinite);
                log.Write("display: no panel answers at I2C address " + Hex(address) + " (" + Describe(lastStatus) + "): check its wiring and display.address; the claim key is shown on this console only, and the status LED says so");
                RemindKeyEveryMinute();
                SayKey();
                return;
            }

            // Found at start, or back after it was missing (maybe after a power loss): the driver's constructor initialises it.
            log.Write("display: the panel at I2C address " + Hex(address) + " answers");
            try
            {
                panel = new Ssd1306(device, Iot.Device.Ssd13xx.Ssd13xx.DisplayResolution.OLED128x64);
                panel.Font = new OledFont();
            }
            catch (Exception e)
            {
                Fail("opening", e);
            }

            RemindKeyEveryMinute();
        }

        private static string Describe(I2cTransferStatus status)
        {
            switch (status)
            {
                case I2cTransferStatus.SlaveAddressNotAcknowledged:
                    return "address not acknowledged";
                case I2cTransferStatus.ClockStretchTimeout:
                    return "clock held low";
                case I2cTransferStatus.PartialTransfer:
                    return "write cut short";
                default:
                    return "I2C error";
            }
        }

        // An I2C address (7 bits) as the datasheets write it: 0x3C.
        private static string Hex(int value)
        {
            const string Digits = "0123456789ABCDEF";
            return "0x" + Digits[(value >> 4) & 0xF] + Digits[value & 0xF];
        }

        // While the key reaches people through the console alone, it is said again every minute there.
        private void RemindKeyEveryMinute()
        {
            if (presence.KeyOnConsoleOnly(claimKey))
            {
                keyTimer.Change(DisplayPresence.KeyReminderInterval, DisplayPresence.KeyReminderInterval);
            }
            else
            {
                keyTimer.Change(Timeout.Infinite, Timeout.Infinite);
            }
        }

        private void RemindKey(object state)
        {
            lock (sync)
            {
                SayKey();
            }
        }

        private void SayKey()
        {
            if (presence.KeyOnConsoleOnly(claimKey))
            {
                log.Write("display: no display; claim key " + claimKey);
            }
        }

        private void Darken(object state)
        {
            lock (sync)
            {
                if (panel == null)
                {
                    return;
                }

                try
                {
                    Clear();
                    panel.Display();
                }
                catch (Exception e)
                {
                    Fail("darkening", e);
                }
            }
        }

        private void Echo(string text)
        {
            if (text != lastConsole)
            {
                lastConsole = text;
                Console.WriteLine(text);
            }
        }

        private void Fail(string what, Exception e)
        {
            // The driver threw (not an unanswered write: that raises nothing): the console carries on alone.
            log.Write("display: " + what + " failed (" + e.Message + "); the display is off until the next restart");
            panel = null;
        }
    }
}
