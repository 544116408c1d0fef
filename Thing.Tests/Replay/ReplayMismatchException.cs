using System;

namespace SiotThing.Tests.Replay
{
    /// <summary>The core did something else than the recording says, at one step.</summary>
    public sealed class ReplayMismatchException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="step">The step's number (0 = the first boot).</param>
        /// <param name="message">Where and what: the step, its kind and time, the first difference.</param>
        public ReplayMismatchException(int step, string message)
            : base(message)
        {
            Step = step;
        }

        /// <summary>The step's number in the recording (0 = the first boot).</summary>
        public int Step { get; }
    }
}
