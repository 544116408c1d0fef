using SiotThing.NanoGate;

namespace SiotThing.Build.Tests;

/// <summary>
/// NANO005: a string array is created only where every element gets a real null or a value,
/// because nanoFramework does not clear a new string[] to null references.
/// </summary>
public sealed class StringArrayRuleTests
{
    [Theory]
    [InlineData("public class C { public string[] Make(int n) { return new string[n]; } }", "C.Make")]
    [InlineData("public class C { public string[] Make() { return new string[4]; } }", "C.Make")]
    [InlineData("public class C { private readonly string[] slots = new string[16]; }", "C..ctor")]
    [InlineData("public class C { public string[] Make(string b) { return new[] { \"a\", null, b }; } }", "C.Make")]
    [InlineData("public class C { public string[] Make(string[] b) { return new[] { string.Concat(new[] { b[1], b[2] }), null }; } }", "C.Make")]
    public void ArraysLeftWithoutRealNullsAreRefused(string source, string method)
    {
        var violations = NanoSnippet.Check(source);

        var violation = Assert.Single(violations);
        Assert.Equal(NanoViolation.UnclearedArray, violation.Code);
        Assert.Contains($"method '{method}' creates a string[]", violation.Message);
        Assert.Contains(StringArrayRule.AllowedCreator, violation.Message);
    }

    [Theory]
    [InlineData("public class C { public string[] Make(string b) { return new[] { \"a\", b }; } }")]
    [InlineData("public class C { public string[] Make() { return new string[0]; } }")]
    [InlineData("public class C { static string s; public string[] Make(string b) { string l = b; return new[] { s, l, b }; } }")]
    [InlineData("public class C { public int Count(params string[] names) { return names.Length; } public int Call() { return Count(\"a\", \"b\"); } }")]
    [InlineData("public class C { string Show(int v) { return v.ToString(); } public string Make(int a, int b) { return \"<\" + Show(a) + \">. <\" + Show(b) + \">\"; } }")]
    [InlineData("public class C { public string[] Make(bool f, string[] b) { return new[] { f ? \"a\" : b[0], string.Concat(new[] { b[1], b[2] }), new string('x', 2) }; } }")]
    [InlineData("public class C { public object[] Make(int n) { return new object[n]; } public C[] Own(int n) { return new C[n]; } }")]
    [InlineData("public class C { public byte[][] Make(int n) { return new byte[n][]; } }")]
    public void ArraysWhoseElementsAreAllSetOrClearedPass(string source)
    {
        Assert.Empty(NanoSnippet.Check(source));
    }

    [Fact]
    public void TheHelperItselfMayCreateThem()
    {
        var violations = NanoSnippet.Check("""
            namespace SiotThing.Protocol.Text
            {
                public static class StringArrays
                {
                    public static string[] Create(int length)
                    {
                        var array = new string[length];
                        for (var i = 0; i < length; i++) { array[i] = null; }
                        return array;
                    }
                }
            }
            """);

        Assert.Empty(violations);
    }
}
