using System.Reflection.PortableExecutable;
using System.Text;
using SiotThing.NanoGate;

namespace SiotThing.Build.Tests;

/// <summary>NANO006: what an assembly takes of a .pe's limits, and the gate's refusal above them.</summary>
public sealed class PeFiguresTests
{
    [Fact]
    public void EachDistinctStringCountsOnceAsUtf8WithItsTerminator()
    {
        var once = Measure("public class C { public string A() { return \"gr\u00FC\u00DFe\"; } }");
        var twice = Measure("public class C { public string A() { return \"gr\u00FC\u00DFe\"; } public string B() { return \"gr\u00FC\u00DFe\"; } }");
        var other = Measure("public class C { public string A() { return \"gr\u00FC\u00DFe\"; } public string B() { return \"hallo\"; } }");

        // "B" (the method's name) is new in both; the repeated literal adds nothing, "hallo" 6 bytes.
        Assert.Equal(once.StringTableBytes + 2, twice.StringTableBytes);
        Assert.Equal(twice.StringTableBytes + 6, other.StringTableBytes);
    }

    [Fact]
    public void StringsInAttributeArgumentsCount()
    {
        var without = Measure("public class A : System.Attribute { public A(object o) { } } public class C { [A(1)] public void M() { } }");
        var with = Measure("public class A : System.Attribute { public A(object o) { } } public class C { [A(\"twelve chars\")] public void M() { } }");

        Assert.Equal(without.StringTableBytes + 13, with.StringTableBytes);
    }

    [Fact]
    public void AStringTableOverTheBudgetIsRefused()
    {
        var source = new StringBuilder("public class Big { public static string[] All() { return new[] {");
        for (var i = 0; i < 600; i++)
        {
            source.Append(" \"").Append(i.ToString("D4")).Append(new string('x', 96)).Append("\",");
        }

        source.Append(" }; } }");

        var violation = Assert.Single(NanoSnippet.Check(source.ToString()));
        Assert.Equal(NanoViolation.OverPeLimit, violation.Code);
        Assert.StartsWith("the string table takes about 60,", violation.Message);
        Assert.Contains("over 90 percent of the 64,675 a .pe can address", violation.Message);
    }

    [Fact]
    public void ArrayInitializersCountInTheSignatureTable()
    {
        var small = Measure("public class C { public static byte[] A() { return new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }; } }");
        var bigger = Measure("public class C { public static byte[] A() { return new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }; } "
            + "public static byte[] B() { return new byte[] { " + string.Join(", ", Enumerable.Range(0, 100).Select(i => (i % 250) + 1)) + " }; } }");

        // B's 100 bytes of data and the 3-byte signature of the field that holds them (a type of
        // its own, __StaticArrayInitTypeSize=100); B's method signature is A's.
        Assert.Equal(small.SignatureTableBytes + 100 + 3, bigger.SignatureTableBytes);
    }

    [Fact]
    public void ASignatureTableOverTheBudgetIsRefused()
    {
        // 30 arrays of 2,000 distinct bytes: 60,000 bytes of initial data, as a replay fixture of twice the story would hold.
        var source = new StringBuilder("public class Fixture { public static byte[] Chunk(int i) { switch (i) {");
        for (var i = 0; i < 30; i++)
        {
            source.Append($" case {i}: return new byte[] {{ ").Append(string.Join(", ", Enumerable.Range(0, 2000).Select(b => (b * 7 + i) % 256))).Append(" };");
        }

        source.Append(" default: return null; } } }");

        var violation = Assert.Single(NanoSnippet.Check(source.ToString()));
        Assert.Equal(NanoViolation.OverPeLimit, violation.Code);
        Assert.StartsWith("the signature table takes about 60,", violation.Message);
    }

    [Fact]
    public void MoreThan255StaticFieldsInATypeAreRefused()
    {
        var fields = string.Concat(Enumerable.Range(0, 256).Select(i => $"public static int F{i}; "));

        var violation = Assert.Single(NanoSnippet.Check("public class Wide { " + fields + "}"));
        Assert.Equal("type 'Wide' has 256 static fields, over the 255 a .pe can hold", violation.Message);
    }

    [Fact]
    public void ByteCodeCountsTokensAsTwoBytes()
    {
        // The second method (unoptimized): nop, ldstr, ldstr, call, pop, ret: 1 + 3 + 3 + 3 + 1 + 1.
        var one = Measure("public class C { public string A() { return \"a\"; } }");
        var two = Measure("public class C { public string A() { return \"a\"; } public void B() { string.Concat(\"a\", \"b\"); } }");

        Assert.Equal(one.ByteCodeBytes + 12, two.ByteCodeBytes);
    }

    private static PeFigures Measure(string source)
    {
        using var pe = new PEReader(new MemoryStream(NanoSnippet.Compile(source)));
        return PeFigures.Measure(pe);
    }
}
