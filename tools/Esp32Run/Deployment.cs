namespace SiotThing.Esp32Run;

/// <summary>What goes on the emulated chip: the assemblies in deploy order, and the whole flash.</summary>
public static class Deployment
{
    /// <summary>
    /// The assemblies to deploy: mscorlib first (nanoCLR resolves the others against it), then
    /// the class libraries of <paramref name="libraries"/> (all but the TestFramework), then the
    /// application's.
    /// </summary>
    /// <param name="libraries">The folder with the class libraries' .pe files.</param>
    /// <param name="application">The application's .pe files.</param>
    /// <returns>Each assembly's name and bytes.</returns>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Assemblies(string libraries, IEnumerable<string> application)
    {
        var libraryFiles = Directory.GetFiles(libraries, "*.pe")
            .Where(f => Path.GetFileName(f) is not ("mscorlib.pe" or "nanoFramework.TestFramework.pe"))
            .Order(StringComparer.Ordinal);
        return new[] { Path.Combine(libraries, "mscorlib.pe") }.Concat(libraryFiles).Concat(application)
            .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))
            .ToList();
    }

    /// <summary>The whole flash: the firmware's images, the assemblies and a littlefs image of <paramref name="files"/>.</summary>
    /// <param name="tools">Where the firmware and mklittlefs are.</param>
    /// <param name="assemblies">The assemblies, in deploy order.</param>
    /// <param name="files">The files for <c>I:\</c>.</param>
    /// <param name="work">A folder for the littlefs image.</param>
    /// <returns>The flash's bytes.</returns>
    public static byte[] Flash(Esp32Tools tools, IReadOnlyList<(string Name, byte[] Bytes)> assemblies, IReadOnlyList<(string Name, byte[] Bytes)> files, string work)
    {
        byte[] Read(string name) => File.ReadAllBytes(Path.Combine(tools.Firmware, name));
        var table = Read("partition-table.bin");
        var config = PartitionTable.Named(PartitionTable.Parse(table), "config");
        var image = files.Count > 0 ? LittleFsImage.Build(tools.MkLittleFs, files, config.Size, work) : null;
        return FlashImage.Build(Read("bootloader.bin"), table, Read("nanoCLR.bin"), assemblies, image);
    }
}
