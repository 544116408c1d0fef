using System;
using System.Device.I2c;
using System.Threading;
using Iot.Device.Ssd13xx;
using nanoFramework.Hardware.Esp32;
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
    /// Without a display (no address configured, or none answering) only the console shows it.
    /// Safe to call from any thread.
    /// </summary>
    public sealed class Ssd1306Display : IDisplay
    {
        /// <summary>How long the screen stays lit after it last changed, in milliseconds.</summary>
        public const int ScreenTimeout = 10 * 60 * 1000;

        private const int Columns = 16;
        private const int Rows = 8;
        private const int CharPixels = 8;

        private readonly object sync = new object();
        private readonly ILog log;
        private readonly Timer darkTimer;
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
            darkTimer = new Timer(Darken, null, Timeout.Infinite, Timeout.Infinite);
            if (address < 0)
            {
                return;
            }

            try
            {
                // ESP32 routes I2C bus 1 to any pins: route it to the configured ones first.
                Configuration.SetPinFunction(dataPin, DeviceFunction.I2C1_DATA);
                Configuration.SetPinFunction(clockPin, DeviceFunction.I2C1_CLOCK);
                var device = I2cDevice.Create(new I2cConnectionSettings(1, address, I2cBusSpeed.FastMode));
                panel = new Ssd1306(device, Iot.Device.Ssd13xx.Ssd13xx.DisplayResolution.OLED128x64);
                panel.Font = new OledFont();
            }
            catch (Exception e)
            {
                Fail("opening", e);
            }
        }

        /// <summary>Whether a display answered (otherwise only the console shows the text).</summary>
        public bool HasPanel
        {
            get { return panel != null; }
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
                if (panel == null)
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
            if (panel == null)
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
            panel.Display();
            darkTimer.Change(ScreenTimeout, Timeout.Infinite);
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
            // An I2C error (display unplugged, wrong address): the console carries on alone.
            log.Write("display: " + what + " failed (" + e.Message + "); the display is off until the next restart");
            panel = null;
        }
    }
}
