using Microsoft.CodeAnalysis;
using SiotThing.NanoGate;

namespace SiotThing.Build.Tests;

/// <summary>Every rule of the nanoFramework gate, on small sources compiled against the device's mscorlib.</summary>
public sealed class NanoAssemblyCheckerTests
{
    [Fact]
    public void PlainCodeUsingArrayListAndNonGenericDelegatesPasses()
    {
        var violations = NanoSnippet.Check("""
            using System;
            using System.Collections;
            public delegate void Handler(string text);
            public class Plain
            {
                private readonly ArrayList items = new ArrayList();
                public event Handler Changed;
                public Action Done;
                public int Add(string text) { Changed?.Invoke(text); return items.Add(text); }
            }
            """);

        Assert.Empty(violations);
    }

    [Fact]
    public void GenericTypeDefinitionIsRejected()
    {
        var violations = NanoSnippet.Check("public class Box<T> { public T Value; }");

        Assert.Contains(violations, v => v.Code == NanoViolation.GenericDefinition && v.Message.Contains("Box`1"));
    }

    [Fact]
    public void GenericMethodDefinitionAndItsUseAreRejected()
    {
        var violations = NanoSnippet.Check("""
            public class Helpers
            {
                public static T First<T>(T[] items) => items[0];
                public static int Use() => First(new[] { 1, 2 });
            }
            """);

        Assert.Contains(violations, v => v.Code == NanoViolation.GenericDefinition && v.Message.Contains("Helpers.First"));
        Assert.Contains(violations, v => v.Code == NanoViolation.GenericUse && v.Message.Contains("instantiates generic method 'Helpers.First'"));
    }

    [Fact]
    public void FieldOfGenericDelegateTypeIsRejected()
    {
        var violations = NanoSnippet.Check("public class Holder { public System.Action<int> Callback; }");

        Assert.Contains(violations, v => v.Code == NanoViolation.GenericUse && v.Message.Contains("field 'Holder.Callback'"));
        Assert.Contains(violations, v => v.Code == NanoViolation.GenericUse && v.Message.Contains("System.Action`1"));
    }

    [Fact]
    public void GenericLocalVariableIsRejected()
    {
        var violations = NanoSnippet.Check("""
            public class Local
            {
                public static void Run()
                {
                    System.Action<string> print = s => { };
                    print("x");
                }
            }
            """);

        Assert.Contains(violations, v => v.Code == NanoViolation.GenericUse && v.Message.Contains("System.Action`1"));
    }

    [Fact]
    public void ReferenceToAnotherAssemblyIsRejectedUnlessAllowed()
    {
        var library = NanoSnippet.Compile("public class Library { public static int Answer() => 42; }", "Other.Library");
        var user = NanoSnippet.Compile(
            "public class User { public static int Ask() => Library.Answer(); }",
            "User",
            [NanoSnippet.NanoMscorlib, MetadataReference.CreateFromImage(library)]);

        Assert.Contains(NanoSnippet.Check(user), v => v.Code == NanoViolation.ForeignAssembly && v.Message.Contains("'Other.Library'"));
        Assert.Empty(NanoSnippet.Check(user, "Other.Library"));
    }

    [Fact]
    public void AnotherCoreLibraryNamedMscorlibIsRejected()
    {
        // A minimal core library of our own, named mscorlib but not signed with nanoFramework's key.
        var corlib = NanoSnippet.Compile("""
            namespace System
            {
                public class Object { public Object() { } }
                public abstract class ValueType { }
                public struct Void { }
                public struct Boolean { }
                public struct Int32 { }
                public sealed class String { }
                public abstract class Enum : ValueType { }
                public class Attribute { }
                public abstract class Delegate { }
                public abstract class MulticastDelegate : Delegate { }
                public abstract class Type { }
                public struct IntPtr { }
                public struct RuntimeTypeHandle { }
                public struct RuntimeFieldHandle { }
                public struct RuntimeMethodHandle { }
            }
            """, "mscorlib", []);
        var user = NanoSnippet.Compile("public class OnOtherCore { }", "OnOtherCore", [MetadataReference.CreateFromImage(corlib)]);

        Assert.Contains(NanoSnippet.Check(user), v => v.Code == NanoViolation.WrongCoreLibrary);
    }
}
