namespace SiotThing.TestServers;

/// <summary>
/// ejabberd's <c>domain_balancing</c> for the provisioning component (deploy/ejabberd/cluster.yml):
/// what the router hashes to pick one of the component's connections, and how many it keeps a slot for.
/// </summary>
/// <param name="Type">random, source, destination, bare_source or bare_destination.</param>
/// <param name="Connections">ejabberd's component_number, 2 to 1000.</param>
public sealed record ComponentBalancing(string Type, int Connections);
