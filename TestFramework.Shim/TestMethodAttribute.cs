using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Marks a test method.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public sealed class TestMethodAttribute : Attribute
    {
    }
}
