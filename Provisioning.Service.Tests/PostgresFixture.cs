using SiotThing.TestServers;

namespace SiotThing.Provisioning.Tests;

/// <summary>One PostgreSQL server for every test of the <see cref="PostgresCollection"/>; each test class makes its own databases in it.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    /// <summary>The running server.</summary>
    public PostgresServer Server { get; private set; } = null!;

    /// <inheritdoc/>
    public async Task InitializeAsync() => Server = await PostgresServer.StartNewAsync();

    /// <inheritdoc/>
    public async Task DisposeAsync() => await Server.DisposeAsync();
}
