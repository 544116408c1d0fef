using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Thrown by a test (or <see cref="Assert.SkipTest"/>) that cannot run here; the runner reports it skipped.</summary>
    public class SkipTestException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public SkipTestException()
        {
        }

        /// <summary>Creates the exception.</summary>
        /// <param name="message">Why the test is skipped.</param>
        public SkipTestException(string message) : base(message)
        {
        }
    }
}
