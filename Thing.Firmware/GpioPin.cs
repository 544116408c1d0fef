using System.Device.Gpio;
using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware
{
    /// <summary>
    /// A GPIO pin as the core's digital ports. System.Device.Gpio has the same shape on
    /// nanoFramework (ESP32) and on .NET IoT (Raspberry Pi and other Linux boards), so this one
    /// adapter serves both builds.
    /// </summary>
    public sealed class GpioPin : IDigitalOutput, IDigitalInput
    {
        private readonly GpioController controller;
        private readonly int pin;

        /// <summary>Opens a pin.</summary>
        /// <param name="controller">The board's GPIO controller.</param>
        /// <param name="pin">The pin number (the board's logical numbering).</param>
        /// <param name="output">Output (a bulb's switch) or input with pull-up (a sensor, a button).</param>
        public GpioPin(GpioController controller, int pin, bool output)
        {
            this.controller = controller;
            this.pin = pin;
            controller.OpenPin(pin, output ? PinMode.Output : PinMode.InputPullUp);
        }

        /// <inheritdoc />
        public void Write(bool high)
        {
            controller.Write(pin, high ? PinValue.High : PinValue.Low);
        }

        /// <inheritdoc />
        public bool Read()
        {
            return controller.Read(pin) == PinValue.High;
        }
    }
}
