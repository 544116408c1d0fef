using System;
using System.Reflection;

namespace SiotThing.Tests.Host
{
    /// <summary>One nanoFramework test method, or one data row of it, as the host runs it.</summary>
    internal sealed class NanoTestCase
    {
        public NanoTestCase(Type testClass, MethodInfo method, int dataRow, object[] arguments)
        {
            TestClass = testClass;
            Method = method;
            DataRow = dataRow;
            Arguments = arguments;
        }

        public Type TestClass { get; }

        public MethodInfo Method { get; }

        /// <summary>The index of the data row, or -1 for a method without rows.</summary>
        public int DataRow { get; }

        public object[] Arguments { get; }

        /// <summary>The name xunit shows: <c>Namespace.Class.Method</c>, with <c>[row]</c> for a data row.</summary>
        public string Id => TestClass.FullName + "." + Method.Name + (DataRow < 0 ? string.Empty : "[" + DataRow + "]");
    }
}
