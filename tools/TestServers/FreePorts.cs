using System.Net;
using System.Net.Sockets;

namespace SiotThing.TestServers;

/// <summary>Loopback ports that are free right now, for servers the tests start.</summary>
public static class FreePorts
{
    /// <summary>Asks the kernel for <paramref name="count"/> distinct free ports on 127.0.0.1.</summary>
    /// <param name="count">How many ports.</param>
    /// <returns>The port numbers.</returns>
    public static int[] Take(int count)
    {
        // All listeners stay open until every port is chosen, so the kernel cannot hand one out twice.
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
