using SiotThing.Protocol.Xml;
using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Commands;

/// <summary>A data form the service sends (XEP-0004): a form to fill, or a result, possibly a table of items.</summary>
/// <param name="Type">form or result.</param>
/// <param name="Title">The title a client shows.</param>
/// <param name="Instructions">A sentence on what to do, or <c>null</c>.</param>
/// <param name="Fields">The fields.</param>
internal sealed record DataForm(string Type, string Title, string? Instructions, IReadOnlyList<FormField> Fields)
{
    /// <summary>For a table (XEP-0004 §3.4): the columns; <c>null</c> for no table.</summary>
    public IReadOnlyList<FormField>? Reported { get; init; }

    /// <summary>For a table: the rows, each a field per column with its value.</summary>
    public IReadOnlyList<IReadOnlyList<FormField>> Items { get; init; } = [];

    /// <summary>Writes the form as an <c>x</c> element.</summary>
    /// <param name="w">The writer, inside the command element.</param>
    public void WriteTo(XmlWriter w)
    {
        w.StartElement("x");
        w.Attribute("xmlns", ComponentNamespaces.DataForms);
        w.Attribute("type", Type);
        TextElement(w, "title", Title);
        if (Instructions != null)
        {
            TextElement(w, "instructions", Instructions);
        }

        foreach (var field in Fields)
        {
            WriteField(w, field);
        }

        if (Reported != null)
        {
            w.StartElement("reported");
            foreach (var column in Reported)
            {
                WriteField(w, column);
            }

            w.EndElement();
            foreach (var item in Items)
            {
                w.StartElement("item");
                foreach (var cell in item)
                {
                    WriteField(w, cell);
                }

                w.EndElement();
            }
        }

        w.EndElement();
    }

    private static void WriteField(XmlWriter w, FormField field)
    {
        w.StartElement("field");
        w.Attribute("var", field.Var);
        w.Attribute("type", field.Type);
        if (field.Label != null)
        {
            w.Attribute("label", field.Label);
        }

        if (field.Required)
        {
            w.StartElement("required");
            w.EndElement();
        }

        foreach (var value in field.Values)
        {
            TextElement(w, "value", value);
        }

        foreach (var (label, value) in field.Options)
        {
            w.StartElement("option");
            w.Attribute("label", label);
            TextElement(w, "value", value);
            w.EndElement();
        }

        w.EndElement();
    }

    private static void TextElement(XmlWriter w, string name, string text)
    {
        w.StartElement(name);
        w.Text(text);
        w.EndElement();
    }
}
