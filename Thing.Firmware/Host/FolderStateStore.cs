using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Host;

/// <summary>
/// The state store on .NET: each slot is a file <c>siot-state-{slot}.bin</c> in a folder, as on
/// the ESP32's <c>I:\</c> drive. A slot file is rewritten directly, not through a temporary file
/// and a rename: <see cref="SiotThing.Protocol.Storage.DurableRecord"/> never writes the slot that
/// holds the newest valid copy, so a torn file costs only the older one.
/// </summary>
public sealed class FolderStateStore : IStateStore
{
    private readonly string folder;

    /// <summary>Creates the store; the folder is created at the first write.</summary>
    /// <param name="folder">Where the slot files live.</param>
    public FolderStateStore(string folder)
    {
        this.folder = folder;
    }

    /// <summary>The path of a slot's file.</summary>
    /// <param name="slot">0 or 1.</param>
    /// <returns>The file's path.</returns>
    public string PathOf(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slot, 1);
        return Path.Combine(folder, $"siot-state-{slot}.bin");
    }

    /// <inheritdoc />
    public byte[]? ReadSlot(int slot)
    {
        try
        {
            return File.ReadAllBytes(PathOf(slot));
        }
        catch (IOException)
        {
            // Missing (no file, no folder yet) or unreadable counts as empty: the other slot, or
            // a fresh state, takes over.
            return null;
        }
    }

    /// <inheritdoc />
    public void WriteSlot(int slot, byte[] data, int count)
    {
        var path = PathOf(slot);
        Directory.CreateDirectory(folder);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        file.Write(data, 0, count);

        // Down to the disk before the caller counts the write as done and moves to the other slot.
        file.Flush(flushToDisk: true);
    }
}
