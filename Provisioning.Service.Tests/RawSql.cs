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

    public static async Task<List<object?[]>> RowsAsync(DbConnection connection, string sql)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<object?[]>();
            while (await reader.ReadAsync())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }

            return rows;
        }
    }
}
