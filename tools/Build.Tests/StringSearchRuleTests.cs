using SiotThing.NanoGate;

namespace SiotThing.Build.Tests;

/// <summary>NANO007: the string searches nanoFramework gets wrong past a character outside the BMP.</summary>
public sealed class StringSearchRuleTests
{
    [Theory]
    [InlineData("public class C { public int F(string s) { return s.IndexOf('/'); } }", "IndexOf")]
    [InlineData("public class C { public int F(string s) { return s.IndexOf(\"ab\", 2); } }", "IndexOf")]
    [InlineData("public class C { public int F(string s) { return s.IndexOfAny(new[] { 'a', 'b' }); } }", "IndexOfAny")]
    [InlineData("public class C { public bool F(string s) { return s.Contains(\"ab\"); } }", "Contains")]
    public void SearchesOfTheRuntimeAreRefused(string source, string method)
    {
        var violation = Assert.Single(NanoSnippet.Check(source));

        Assert.Equal(NanoViolation.StringSearch, violation.Code);
        Assert.Equal($"method 'C.F' calls String.{method}, which stops at the first character outside the BMP on nanoFramework: use {StringSearchRule.AllowedType}.IndexOf", violation.Message);
    }

    [Theory]
    [InlineData("public class C { public int F(string s) { return s.LastIndexOf('/'); } public bool G(string s) { return s.StartsWith(\"a\") || s.EndsWith(\"b\"); } }")]
    [InlineData("public class C { public bool F(System.Collections.ArrayList l) { return l.Contains(\"a\") || l.IndexOf(\"a\") > 0; } }")]
    [InlineData("namespace SiotThing.Protocol.Text { public static class Utf16 { public static int IndexOf(string s, char c, int start) { return s.IndexOf(c, start); } } }")]
    [InlineData("namespace nanoFramework.TestFramework { public static class Assert { public static bool Contains(string e, string a) { return a.IndexOf(e) >= 0; } } }")]
    public void OtherSearchesAndTheAllowedPlacesPass(string source)
    {
        Assert.Empty(NanoSnippet.Check(source));
    }
}
