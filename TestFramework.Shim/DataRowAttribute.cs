using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Runs a test method once with the given arguments; a method may carry several.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class DataRowAttribute : Attribute
    {
        /// <summary>Creates a data row.</summary>
        /// <param name="methodParameters">The arguments passed to the test method, in order.</param>
        public DataRowAttribute(params object[] methodParameters)
        {
            MethodParameters = methodParameters;
        }

        /// <summary>The arguments passed to the test method, in order.</summary>
        public object[] MethodParameters { get; }
    }
}
