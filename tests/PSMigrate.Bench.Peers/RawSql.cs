using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PSMigrate.Bench.Peers;

/// <summary>
/// The limit: the same statements through the same drivers with no bookkeeping, in one
/// transaction or each on its own. Noop and history read a one-row and an N-row table, what any
/// tool must read at least.
/// </summary>
public static class RawSql
{
    public static bool Run(string provider, string operation, string connectionString, int count, bool oneTransaction)
    {
        using DbConnection connection = provider == "sqlite" ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        connection.Open();
        switch (operation)
        {
            case "up":
                Execute(connection, oneTransaction, Enumerable.Range(1, count).SelectMany(i => Workload.Up(i).Split('\n'))
                    .Prepend("CREATE TABLE raw_versions (version INTEGER PRIMARY KEY)")
                    .Concat(Enumerable.Range(1, count).Select(i => $"INSERT INTO raw_versions VALUES ({i})")));
                break;
            case "down":
                Execute(connection, oneTransaction, Enumerable.Range(1, count).Reverse().Select(Workload.Down).Append("DROP TABLE raw_versions"));
                break;
            case "noop":
                Read(connection, "SELECT max(version) FROM raw_versions");
                break;
            default:
                Read(connection, "SELECT version FROM raw_versions ORDER BY version");
                break;
        }

        return true;
    }

    private static void Execute(DbConnection connection, bool oneTransaction, IEnumerable<string> statements)
    {
        using var transaction = oneTransaction ? connection.BeginTransaction() : null;
        foreach (var sql in statements)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql.TrimEnd(';');
            command.ExecuteNonQuery();
        }

        transaction?.Commit();
    }

    private static void Read(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
        }
    }
}
