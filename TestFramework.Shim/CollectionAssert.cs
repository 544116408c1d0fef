using System.Collections;

namespace nanoFramework.TestFramework
{
    /// <summary>Checks collections (arrays included) element by element with <see cref="object.Equals(object, object)"/>.</summary>
    public static class CollectionAssert
    {
        /// <summary>Fails unless both have equal elements in the same order.</summary>
        /// <param name="expected">The collection the test expects.</param>
        /// <param name="actual">The collection the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreEqual(ICollection expected, ICollection actual, string message = "")
        {
            var difference = FirstDifference(expected, actual);
            if (difference != null)
            {
                Assert.Fail("CollectionAssert.AreEqual", difference, message);
            }
        }

        /// <summary>Fails when both have equal elements in the same order.</summary>
        /// <param name="notExpected">The collection the test does not expect.</param>
        /// <param name="actual">The collection the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreNotEqual(ICollection notExpected, ICollection actual, string message = "")
        {
            if (FirstDifference(notExpected, actual) == null)
            {
                Assert.Fail("CollectionAssert.AreNotEqual", "The collections are equal. ", message);
            }
        }

        /// <summary>Fails unless the collection has no elements.</summary>
        /// <param name="collection">The collection to check.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void Empty(ICollection collection, string message = "")
        {
            if (collection == null || collection.Count != 0)
            {
                Assert.Fail("CollectionAssert.Empty", "Count:<" + (collection == null ? "(null)" : collection.Count.ToString()) + ">. ", message);
            }
        }

        /// <summary>Fails when the collection has no elements.</summary>
        /// <param name="collection">The collection to check.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void NotEmpty(ICollection collection, string message = "")
        {
            if (collection == null || collection.Count == 0)
            {
                Assert.Fail("CollectionAssert.NotEmpty", string.Empty, message);
            }
        }

        /// <summary>Fails unless the collection contains <paramref name="element"/>.</summary>
        /// <param name="collection">The collection to search.</param>
        /// <param name="element">The element the test expects.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void Contains(ICollection collection, object element, string message = "")
        {
            if (collection != null)
            {
                foreach (var item in collection)
                {
                    if (Equals(item, element))
                    {
                        return;
                    }
                }
            }

            Assert.Fail("CollectionAssert.Contains", "Missing:<" + Assert.Show(element) + ">. ", message);
        }

        private static string FirstDifference(ICollection expected, ICollection actual)
        {
            if (expected == null || actual == null)
            {
                return expected == actual ? null : "One collection is null. ";
            }

            if (expected.Count != actual.Count)
            {
                return "Expected count:<" + expected.Count + ">. Actual count:<" + actual.Count + ">. ";
            }

            var left = expected.GetEnumerator();
            var right = actual.GetEnumerator();
            var index = 0;
            while (left.MoveNext() && right.MoveNext())
            {
                if (!Equals(left.Current, right.Current))
                {
                    return "Element at index " + index + " differs. Expected:<" + Assert.Show(left.Current) + ">. Actual:<" + Assert.Show(right.Current) + ">. ";
                }

                index++;
            }

            return null;
        }
    }
}
