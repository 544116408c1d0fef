using SiotThing.Protocol.Ports;

namespace SiotThing.Tests.Agent
{
    /// <summary>A display that remembers what it was last told to show.</summary>
    public sealed class RecordingDisplay : IDisplay
    {
        /// <summary>The name last shown.</summary>
        public string Name { get; private set; }

        /// <summary>The key last shown, or <c>null</c>.</summary>
        public string Key { get; private set; }

        /// <summary>The status last shown.</summary>
        public string Status { get; private set; }

        /// <inheritdoc />
        public void Show(string name, string claimKey, string status)
        {
            Name = name;
            Key = claimKey;
            Status = status;
        }
    }
}
