using System.Data.Common;

namespace SiotThing.Provisioning.Storage;

/// <summary>The commands of one operation, all in its one transaction. Parameters are written @name in the SQL (both providers take that form).</summary>
internal sealed class StoreSession(DbConnection connection, DbTransaction transaction, string instance, string nextOutboxId, CancellationToken cancellationToken)
{
    /// <summary>The store object's instance name, which its outbox leases carry (<see cref="OutboxTable"/>).</summary>
    public string Instance => instance;

    /// <summary>The database's statement that hands out the next outbox id (<see cref="OutboxTable.OweAsync"/>).</summary>
    public string NextOutboxId => nextOutboxId;

    /// <summary>What this transaction owed to recipients whose lease it holds, in order (handed to the sender once it committed).</summary>
    public List<NewlyOwed> Owed { get; } = [];

    /// <summary>Runs a statement.</summary>
    /// <returns>The number of rows it changed.</returns>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs a query for one value.</summary>
    /// <returns>The first column of the first row, or <c>null</c> for no row or SQL NULL.</returns>
    public async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    /// <summary>Runs a query and reads every row.</summary>
    /// <returns>The rows, as <paramref name="read"/> made them.</returns>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private DbCommand Command(string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
