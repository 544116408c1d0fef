namespace SiotThing.Protocol.Devices
{
    /// <summary>What <see cref="DisplayPresence"/> knows about the display panel.</summary>
    public enum DisplayPanelState
    {
        /// <summary>No display is configured: the console is the display, and nothing is missing.</summary>
        None,

        /// <summary>A display is configured and has not answered yet: probe it before making the driver.</summary>
        Probing,

        /// <summary>The panel answered its last probe or frame (or failed fewer frames in a row than <see cref="DisplayPresence.FailedFramesToLose"/>).</summary>
        Present,

        /// <summary>A display is configured but does not answer: the key is on the serial console only, the status LED says so.</summary>
        Missing,
    }
}
