using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Marks a method that runs after the test methods of its class.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public sealed class CleanupAttribute : Attribute
    {
    }
}
