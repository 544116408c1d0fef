namespace SiotThing.Esp32Run;

/// <summary>What the runner could not do, said in one line for the user.</summary>
public sealed class Esp32RunException(string message) : Exception(message);
