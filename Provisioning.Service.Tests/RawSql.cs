using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SiotThing.Provisioning.Tests;

/// <summary>SQL run beside the store, on a connection of its own that is not pooled (so it holds no file or session afterwards).</summary>
internal static class RawSql
{
    public static DbConnection Sqlite(string path) =>
        new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());

    public static DbConnection Postgres(string connectionString) =>
        new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());

    public static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    public static async Task<long> CountAsync(DbConnection connection, string sql)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
    }
}
