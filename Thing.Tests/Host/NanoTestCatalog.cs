using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using nanoFramework.TestFramework;

namespace SiotThing.Tests.Host
{
    /// <summary>
    /// Finds and runs nanoFramework.TestFramework tests on .NET. Unlike the device's launcher, which
    /// runs [Setup] once before and [Cleanup] once after all methods of a class, each case here gets
    /// a fresh instance with its own [Setup] and [Cleanup], so tests must not depend on each other.
    /// </summary>
    internal static class NanoTestCatalog
    {
        /// <summary>The test classes of <paramref name="assembly"/>, except the host's own test fixtures.</summary>
        public static IReadOnlyList<NanoTestCase> Discover(Assembly assembly) =>
            Discover(assembly.GetTypes().Where(t => t.Namespace != typeof(NanoTestCatalog).Namespace));

        public static IReadOnlyList<NanoTestCase> Discover(IEnumerable<Type> types)
        {
            var cases = new List<NanoTestCase>();
            foreach (var type in types.Where(t => t.GetCustomAttribute<TestClassAttribute>() != null).OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                foreach (var method in TestMethods(type))
                {
                    var rows = method.GetCustomAttributes<DataRowAttribute>().ToArray();
                    if (rows.Length == 0)
                    {
                        cases.Add(new NanoTestCase(type, method, -1, Array.Empty<object>()));
                    }

                    for (var row = 0; row < rows.Length; row++)
                    {
                        cases.Add(new NanoTestCase(type, method, row, rows[row].MethodParameters));
                    }
                }
            }

            return cases;
        }

        /// <summary>Runs one case; throws what the test threw (an assertion failure keeps its message).</summary>
        public static void Run(NanoTestCase testCase, TextWriter output)
        {
            var instance = testCase.Method.IsStatic && testCase.TestClass.IsAbstract ? null : Activator.CreateInstance(testCase.TestClass);
            OutputHelper.HostOutput = output;
            try
            {
                foreach (var setup in MethodsWith<SetupAttribute>(testCase.TestClass))
                {
                    Invoke(setup, instance, Array.Empty<object>());
                }

                try
                {
                    Invoke(testCase.Method, instance, testCase.Arguments);
                }
                finally
                {
                    foreach (var cleanup in MethodsWith<CleanupAttribute>(testCase.TestClass))
                    {
                        Invoke(cleanup, instance, Array.Empty<object>());
                    }
                }
            }
            finally
            {
                OutputHelper.HostOutput = TextWriter.Null;
            }
        }

        private static IEnumerable<MethodInfo> TestMethods(Type type) =>
            MethodsWith<TestMethodAttribute>(type).OrderBy(m => m.MetadataToken);

        private static IEnumerable<MethodInfo> MethodsWith<TAttribute>(Type type)
            where TAttribute : Attribute =>
            type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                .Where(m => m.GetCustomAttribute<TAttribute>() != null);

        private static void Invoke(MethodInfo method, object instance, object[] arguments)
        {
            try
            {
                method.Invoke(method.IsStatic ? null : instance, arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
        }
    }
}
