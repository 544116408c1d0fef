namespace SiotThing.TestServers;

/// <summary>What makes an <see cref="EjabberdServer"/> one node of an <see cref="EjabberdCluster"/> rather than a server of its own.</summary>
/// <param name="NodeName">The Erlang node's name (name@localhost), distinct in the cluster.</param>
/// <param name="EpmdPort">The port of the cluster's own epmd on 127.0.0.1, through which the nodes find each other.</param>
/// <param name="Cookie">The Erlang cookie every node of the cluster holds.</param>
/// <param name="ClusterSettings">Values for deploy/ejabberd/cluster.yml's placeholders, or null to leave that file out (no component balancing).</param>
internal sealed record EjabberdNodeRole(string NodeName, int EpmdPort, string Cookie, IReadOnlyDictionary<string, string>? ClusterSettings);
