namespace SiotThing.NanoGate;

/// <summary>One reason why an assembly cannot run on the nanoFramework v1 interpreter.</summary>
/// <param name="Code">A stable diagnostic code (<c>NANO001</c> ...), printed in MSBuild's error format.</param>
/// <param name="Message">What was found, naming the type or member.</param>
public sealed record NanoViolation(string Code, string Message)
{
    /// <summary>A generic type or method is defined in the assembly.</summary>
    public const string GenericDefinition = "NANO001";

    /// <summary>A generic type or method is instantiated or referenced.</summary>
    public const string GenericUse = "NANO002";

    /// <summary>The assembly references an assembly it may not use.</summary>
    public const string ForeignAssembly = "NANO003";

    /// <summary>The assembly was not compiled against nanoFramework's mscorlib.</summary>
    public const string WrongCoreLibrary = "NANO004";

    /// <summary>An array is created whose fresh elements are not null references on nanoFramework.</summary>
    public const string UnclearedArray = "NANO005";

    /// <summary>The assembly would not fit a .pe (string table, byte code, counts per type or method).</summary>
    public const string OverPeLimit = "NANO006";

    /// <summary>A string search that nanoFramework gets wrong for text outside the BMP.</summary>
    public const string StringSearch = "NANO007";
}
