namespace SiotThing.NanoRun;

/// <summary>A step of the run that cannot go on (a conversion refused, an assembly the nanoCLR cannot load).</summary>
public sealed class NanoRunException(string message) : Exception(message);
