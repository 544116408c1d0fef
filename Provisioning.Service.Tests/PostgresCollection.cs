namespace SiotThing.Provisioning.Tests;

/// <summary>The tests that share the <see cref="PostgresFixture"/> server (they run one class after another; SQLite tests run beside them).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    /// <summary>The collection's name, for <see cref="CollectionAttribute"/>.</summary>
    public const string Name = "PostgreSQL";
}
