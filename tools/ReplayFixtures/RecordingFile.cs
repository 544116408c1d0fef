using System.Text;

namespace SiotThing.ReplayFixtures;

/// <summary>A recording as written by Thing.Firmware/Host/Recording/SessionRecorder.cs: a header, then steps, each its length (LEB128), then it.</summary>
public static class RecordingFile
{
    private static readonly byte[] Header = Encoding.ASCII.GetBytes("siot-replay 1\n");

    /// <summary>Splits a recording into its steps, each with its length prefix (the form the fixture keeps).</summary>
    /// <param name="recording">The file's bytes.</param>
    /// <returns>The steps, in order.</returns>
    /// <exception cref="InvalidDataException">Not a recording, or cut off.</exception>
    public static List<byte[]> Steps(byte[] recording)
    {
        if (!recording.AsSpan().StartsWith(Header))
        {
            throw new InvalidDataException("not a recording of siot-thing --record (its header is missing)");
        }

        var steps = new List<byte[]>();
        var position = Header.Length;
        while (position < recording.Length)
        {
            var start = position;
            long length = 0;
            var shift = 0;
            byte b;
            do
            {
                if (position >= recording.Length || shift > 28)
                {
                    throw new InvalidDataException($"the recording is cut off in the length of step {steps.Count}");
                }

                b = recording[position++];
                length |= (long)(b & 0x7F) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);

            if (position + length > recording.Length)
            {
                // A process killed in the middle of writing a step: the steps before it are whole.
                throw new InvalidDataException($"the recording is cut off in step {steps.Count} ({recording.Length - position} of {length} bytes)");
            }

            position += (int)length;
            steps.Add(recording[start..position]);
        }

        return steps;
    }
}
