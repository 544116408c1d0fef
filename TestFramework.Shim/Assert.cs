using System;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// Checks conditions in a test; a condition that does not hold throws
    /// <see cref="AssertFailedException"/>. The typed overloads exist because nanoFramework has
    /// no generics: comparing an <c>int</c> with a <c>long</c> through <c>object</c> would be unequal.
    /// </summary>
    public static class Assert
    {
        /// <summary>Fails unless <paramref name="expected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="expected">The value the test expects.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreEqual(bool expected, bool actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. ", message);
            }
        }

        /// <summary>Fails unless <paramref name="expected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="expected">The value the test expects.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreEqual(char expected, char actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. ", message);
            }
        }

        /// <summary>Fails unless <paramref name="expected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="expected">The value the test expects.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreEqual(byte expected, byte actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. ", message);
            }
        }

        /// <summary>Fails unless <paramref name="expected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="expected">The value the test expects.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreEqual(short expected, short actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. ", message);
            }
        }

        /// <summary>Fails unless <paramref name="expected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="expected">The value the test expects.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreEqual(int expected, int actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. ", message);
            }
        }

        /// <summary>Fails unless <paramref name="expected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="expected">The value the test expects.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreEqual(uint expected, uint actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. ", message);
            }
        }

        /// <summary>Fails unless <paramref name="expected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="expected">The value the test expects.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreEqual(long expected, long actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. ", message);
            }
        }

        /// <summary>Fails unless <paramref name="expected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="expected">The value the test expects.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreEqual(ulong expected, ulong actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. ", message);
            }
        }

        /// <summary>Fails unless <paramref name="expected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="expected">The value the test expects.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreEqual(double expected, double actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. ", message);
            }
        }

        /// <summary>Fails unless <paramref name="expected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="expected">The value the test expects.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreEqual(string expected, string actual, string message = "")
        {
            if (expected != actual)
            {
                Fail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. ", message);
            }
        }

        /// <summary>Fails unless <paramref name="expected"/> equals <paramref name="actual"/> by <see cref="object.Equals(object, object)"/>.</summary>
        /// <param name="expected">The value the test expects.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreEqual(object expected, object actual, string message = "")
        {
            if (!Equals(expected, actual))
            {
                Fail("Assert.AreEqual", "Expected:<" + Show(expected) + ">. Actual:<" + Show(actual) + ">. ", message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="notExpected">The value the test does not expect.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreNotEqual(bool notExpected, bool actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("Assert.AreNotEqual", "Expected any value except:<" + Show(notExpected) + ">. ", message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="notExpected">The value the test does not expect.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreNotEqual(char notExpected, char actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("Assert.AreNotEqual", "Expected any value except:<" + Show(notExpected) + ">. ", message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="notExpected">The value the test does not expect.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreNotEqual(byte notExpected, byte actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("Assert.AreNotEqual", "Expected any value except:<" + Show(notExpected) + ">. ", message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="notExpected">The value the test does not expect.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreNotEqual(short notExpected, short actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("Assert.AreNotEqual", "Expected any value except:<" + Show(notExpected) + ">. ", message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="notExpected">The value the test does not expect.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreNotEqual(int notExpected, int actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("Assert.AreNotEqual", "Expected any value except:<" + Show(notExpected) + ">. ", message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="notExpected">The value the test does not expect.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreNotEqual(uint notExpected, uint actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("Assert.AreNotEqual", "Expected any value except:<" + Show(notExpected) + ">. ", message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="notExpected">The value the test does not expect.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreNotEqual(long notExpected, long actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("Assert.AreNotEqual", "Expected any value except:<" + Show(notExpected) + ">. ", message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="notExpected">The value the test does not expect.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreNotEqual(ulong notExpected, ulong actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("Assert.AreNotEqual", "Expected any value except:<" + Show(notExpected) + ">. ", message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="notExpected">The value the test does not expect.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreNotEqual(double notExpected, double actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("Assert.AreNotEqual", "Expected any value except:<" + Show(notExpected) + ">. ", message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> equals <paramref name="actual"/>.</summary>
        /// <param name="notExpected">The value the test does not expect.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreNotEqual(string notExpected, string actual, string message = "")
        {
            if (notExpected == actual)
            {
                Fail("Assert.AreNotEqual", "Expected any value except:<" + Show(notExpected) + ">. ", message);
            }
        }

        /// <summary>Fails when <paramref name="notExpected"/> equals <paramref name="actual"/> by <see cref="object.Equals(object, object)"/>.</summary>
        /// <param name="notExpected">The value the test does not expect.</param>
        /// <param name="actual">The value the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreNotEqual(object notExpected, object actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                Fail("Assert.AreNotEqual", "Expected any value except:<" + Show(notExpected) + ">. ", message);
            }
        }

        /// <summary>Fails unless both refer to the same object.</summary>
        /// <param name="expected">The object the test expects.</param>
        /// <param name="actual">The object the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreSame(object expected, object actual, string message = "")
        {
            if (!ReferenceEquals(expected, actual))
            {
                Fail("Assert.AreSame", string.Empty, message);
            }
        }

        /// <summary>Fails when both refer to the same object.</summary>
        /// <param name="notExpected">The object the test does not expect.</param>
        /// <param name="actual">The object the code under test produced.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void AreNotSame(object notExpected, object actual, string message = "")
        {
            if (ReferenceEquals(notExpected, actual))
            {
                Fail("Assert.AreNotSame", string.Empty, message);
            }
        }

        /// <summary>Fails unless <paramref name="condition"/> is true.</summary>
        /// <param name="condition">The condition the test expects to hold.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void IsTrue(bool condition, string message = "")
        {
            if (!condition)
            {
                Fail("Assert.IsTrue", string.Empty, message);
            }
        }

        /// <summary>Fails unless <paramref name="condition"/> is false.</summary>
        /// <param name="condition">The condition the test expects not to hold.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void IsFalse(bool condition, string message = "")
        {
            if (condition)
            {
                Fail("Assert.IsFalse", string.Empty, message);
            }
        }

        /// <summary>Fails unless <paramref name="value"/> is null.</summary>
        /// <param name="value">The value the test expects to be null.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void IsNull(object value, string message = "")
        {
            if (value != null)
            {
                Fail("Assert.IsNull", "Actual:<" + Show(value) + ">. ", message);
            }
        }

        /// <summary>Fails when <paramref name="value"/> is null.</summary>
        /// <param name="value">The value the test expects to be set.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void IsNotNull(object value, string message = "")
        {
            if (value == null)
            {
                Fail("Assert.IsNotNull", string.Empty, message);
            }
        }

        /// <summary>Fails unless <paramref name="value"/> is exactly of type <paramref name="expected"/>.</summary>
        /// <param name="value">The value to check.</param>
        /// <param name="expected">The type the test expects.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void IsInstanceOfType(object value, Type expected, string message = "")
        {
            if (value == null || value.GetType() != expected)
            {
                Fail("Assert.IsInstanceOfType", "Expected type:<" + Show(expected) + ">. Actual type:<" + (value == null ? "(null)" : Show(value.GetType())) + ">. ", message);
            }
        }

        /// <summary>Fails unless <paramref name="action"/> throws an exception of exactly <paramref name="exceptionType"/>.</summary>
        /// <param name="exceptionType">The exception type the test expects.</param>
        /// <param name="action">The code that should throw.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void ThrowsException(Type exceptionType, Action action, string message = "")
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                if (e.GetType() != exceptionType)
                {
                    Fail("Assert.ThrowsException", "Threw exception " + Show(e.GetType()) + ", but exception " + Show(exceptionType) + " was expected. Exception message: " + e.Message + ". ", message);
                }

                return;
            }

            Fail("Assert.ThrowsException", "No exception thrown. " + Show(exceptionType) + " exception was expected. ", message);
        }

        /// <summary>Fails unless <paramref name="other"/> contains <paramref name="expected"/>.</summary>
        /// <param name="expected">The text the test expects to find.</param>
        /// <param name="other">The text to search.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void Contains(string expected, string other, string message = "")
        {
            if (expected == null || other == null || other.IndexOf(expected) < 0)
            {
                Fail("Assert.Contains", Show(other) + " does not contain " + Show(expected) + ". ", message);
            }
        }

        /// <summary>Fails when <paramref name="other"/> contains <paramref name="expected"/>.</summary>
        /// <param name="expected">The text the test expects not to find.</param>
        /// <param name="other">The text to search.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void DoesNotContains(string expected, string other, string message = "")
        {
            if (expected == null || other == null || other.IndexOf(expected) >= 0)
            {
                Fail("Assert.DoesNotContains", Show(other) + " should not contain " + Show(expected) + ". ", message);
            }
        }

        /// <summary>Fails unless <paramref name="other"/> starts with <paramref name="expected"/>.</summary>
        /// <param name="expected">The text the test expects at the start.</param>
        /// <param name="other">The text to check.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void StartsWith(string expected, string other, string message = "")
        {
            if (expected == null || other == null || other.IndexOf(expected) != 0)
            {
                Fail("Assert.StartsWith", Show(other) + " does not start with " + Show(expected) + ". ", message);
            }
        }

        /// <summary>Fails unless <paramref name="other"/> ends with <paramref name="expected"/>.</summary>
        /// <param name="expected">The text the test expects at the end.</param>
        /// <param name="other">The text to check.</param>
        /// <param name="message">Shown when the assertion fails.</param>
        public static void EndsWith(string expected, string other, string message = "")
        {
            if (expected == null || other == null || other.Length < expected.Length
                || other.LastIndexOf(expected) != other.Length - expected.Length)
            {
                Fail("Assert.EndsWith", Show(other) + " does not end with " + Show(expected) + ". ", message);
            }
        }

        /// <summary>Ends the test as skipped.</summary>
        /// <param name="message">Why the test cannot run here.</param>
        public static void SkipTest(string message = "")
        {
            throw new SkipTestException(message);
        }

        internal static void Fail(string assertion, string detail, string message)
        {
            throw new AssertFailedException(assertion + " failed. " + detail + (message ?? string.Empty));
        }

        internal static string Show(object value)
        {
            return value == null ? "(null)" : value.ToString();
        }
    }
}
