using System;

namespace nanoFramework.TestFramework
{
    /// <summary>Marks a class that holds test methods.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public sealed class TestClassAttribute : Attribute
    {
    }
}
