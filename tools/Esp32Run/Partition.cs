namespace SiotThing.Esp32Run;

/// <summary>One entry of an ESP-IDF partition table.</summary>
/// <param name="Label">Its name (e.g. <c>deploy</c>, <c>config</c>).</param>
/// <param name="Type">0 for an application, 1 for data.</param>
/// <param name="SubType">The subtype (e.g. 0x84 for nanoFramework's deploy area, 0x83 for littlefs).</param>
/// <param name="Offset">Where it starts in the flash.</param>
/// <param name="Size">Its length in bytes.</param>
public sealed record Partition(string Label, int Type, int SubType, int Offset, int Size);
