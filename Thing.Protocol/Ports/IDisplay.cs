namespace SiotThing.Protocol.Ports
{
    /// <summary>
    /// What the owner sees on the thing: an SSD1306-class OLED on the ESP32, the console on .NET.
    /// The adapter lays the three parts out as its screen allows.
    /// </summary>
    public interface IDisplay
    {
        /// <summary>Shows the thing's name, its claim key (only while unclaimed) and its state.</summary>
        /// <param name="name">The thing's name in the default language.</param>
        /// <param name="claimKey">The claim key in its grouped form, or <c>null</c> when it must not be shown.</param>
        /// <param name="status">One short line: "unclaimed", "connecting", "owned by ...", ...</param>
        void Show(string name, string claimKey, string status);
    }
}
