namespace nanoFramework.TestFramework
{
    /// <summary>Writes to the test's output (the emulator's console; on .NET the xunit test output).</summary>
    public static class OutputHelper
    {
#if !NANOFRAMEWORK_1_0
        /// <summary>Where the output goes on .NET; the host runner sets it around each test.</summary>
        public static System.IO.TextWriter HostOutput { get; set; } = System.IO.TextWriter.Null;
#endif

        /// <summary>Writes a line.</summary>
        /// <param name="message">The text.</param>
        public static void WriteLine(string message)
        {
#if NANOFRAMEWORK_1_0
            System.Diagnostics.Debug.WriteLine(message);
#else
            HostOutput.WriteLine(message);
#endif
        }

        /// <summary>Writes text without ending the line.</summary>
        /// <param name="message">The text.</param>
        public static void Write(string message)
        {
#if NANOFRAMEWORK_1_0
            System.Diagnostics.Debug.Write(message);
#else
            HostOutput.Write(message);
#endif
        }
    }
}
