using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Marks a method that runs before the test methods of its class.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public sealed class SetupAttribute : Attribute
    {
    }
}
