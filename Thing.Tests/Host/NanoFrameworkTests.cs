using System.Collections.Generic;
using System.IO;
using System.Linq;
using nanoFramework.TestFramework;
using Xunit;
using Xunit.Abstractions;

namespace SiotThing.Tests.Host
{
    /// <summary>
    /// The xunit face of the nanoFramework tests in this assembly: one test case per test method
    /// (per data row), named after it; a failed Assert fails it with its message, a
    /// <see cref="SkipTestException"/> reports it skipped.
    /// </summary>
    public sealed class NanoFrameworkTests
    {
        private static readonly Dictionary<string, NanoTestCase> Cases =
            NanoTestCatalog.Discover(typeof(NanoFrameworkTests).Assembly).ToDictionary(c => c.Id);

        private readonly ITestOutputHelper output;

        public NanoFrameworkTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        public static IEnumerable<object[]> TestIds() => Cases.Keys.Select(id => new object[] { id });

        [SkippableTheory]
        [MemberData(nameof(TestIds))]
        public void Run(string test)
        {
            var writer = new StringWriter();
            try
            {
                NanoTestCatalog.Run(Cases[test], writer);
            }
            catch (SkipTestException e)
            {
                throw new SkipException(e.Message);
            }
            finally
            {
                var text = writer.ToString();
                if (text.Length > 0)
                {
                    output.WriteLine(text);
                }
            }
        }
    }
}
