using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Commands;

/// <summary>The values of a data form a client submitted (XEP-0004 <c>type='submit'</c>), by field name.</summary>
internal sealed class SubmittedForm
{
    private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);

    private SubmittedForm()
    {
    }

    /// <summary>Reads the submitted form inside a command element, or <c>null</c> when there is none.</summary>
    /// <param name="command">The XEP-0050 command element.</param>
    /// <returns>The form, or <c>null</c>.</returns>
    public static SubmittedForm? From(ReceivedElement command)
    {
        var x = command.Child("x", ComponentNamespaces.DataForms);
        if (x == null || x.Attribute("type") != "submit")
        {
            return null;
        }

        var form = new SubmittedForm();
        foreach (var field in x.Children.Where(c => c.Is("field", ComponentNamespaces.DataForms)))
        {
            var name = field.Attribute("var");
            if (name == null)
            {
                continue;
            }

            if (!form.values.TryGetValue(name, out var list))
            {
                form.values[name] = list = [];
            }

            list.AddRange(field.Children.Where(c => c.Is("value", ComponentNamespaces.DataForms)).Select(c => c.Text.Trim()).Where(v => v.Length > 0));
        }

        return form;
    }

    /// <summary>The first non-blank value of field <paramref name="name"/> (trimmed), or <c>null</c>.</summary>
    /// <param name="name">The field's name.</param>
    /// <returns>The value, or <c>null</c>.</returns>
    public string? Single(string name) => values.TryGetValue(name, out var list) && list.Count > 0 ? list[0] : null;

    /// <summary>The non-blank values of field <paramref name="name"/> (trimmed); empty when it is missing.</summary>
    /// <param name="name">The field's name.</param>
    /// <returns>The values.</returns>
    public IReadOnlyList<string> Multi(string name) => values.TryGetValue(name, out var list) ? list : [];
}
