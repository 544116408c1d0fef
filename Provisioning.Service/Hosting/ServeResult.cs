using SiotThing.Provisioning.CommandLine;

namespace SiotThing.Provisioning.Hosting;

/// <summary>How <c>serve</c> ended: the worker records a fatal failure here before it stops the host.</summary>
public sealed class ServeResult
{
    /// <summary>The exit code (<see cref="ExitCodes"/>); <see cref="ExitCodes.Success"/> unless a failure was recorded.</summary>
    public int ExitCode { get; private set; } = ExitCodes.Success;

    /// <summary>What failed, for the error output, or <c>null</c>.</summary>
    public string? Message { get; private set; }

    /// <summary>Records a fatal failure.</summary>
    /// <param name="exitCode">The exit code.</param>
    /// <param name="message">What failed and what to check.</param>
    public void Fail(int exitCode, string message)
    {
        ExitCode = exitCode;
        Message = message;
    }
}
