namespace SiotThing.Protocol.Text
{
    /// <summary>
    /// The one way device code makes an empty string array. nanoFramework's interpreter fills a
    /// fresh <c>new string[n]</c> with string slots that hold no text instead of null references:
    /// <c>a[i] == null</c> in a branch works, but a stored comparison is false and
    /// <c>a[i] == "x"</c> crashes the interpreter (see DESIGN.md, "The real runtime"). A slot that
    /// was assigned null behaves, so this sets every one. The nanoFramework gate (NANO005) refuses
    /// any other <c>newarr System.String</c> in device code, except an initializer that assigns
    /// every element.
    /// </summary>
    public static class StringArrays
    {
        /// <summary>Creates an array of <paramref name="length"/> real null strings.</summary>
        /// <param name="length">How many elements.</param>
        /// <returns>The new array, every element null on every runtime.</returns>
        public static string[] Create(int length)
        {
            var array = new string[length];
            for (var i = 0; i < length; i++)
            {
                array[i] = null;
            }

            return array;
        }
    }
}
