using System.Data.Common;

namespace PSMigrate.Engine.Providers.Sqlite;

/// <summary>
/// Turns enforcement of foreign keys off for a PowerShell revision (SQLite ignores the pragma
/// inside a transaction, and a table rebuild must not cascade), checks every foreign key before
/// commit instead, and turns enforcement back on.
/// </summary>
internal sealed class SqliteForeignKeyScope : IRevisionScope
{
    private readonly DbConnection connection;
    private readonly bool wasOn;

    public SqliteForeignKeyScope(DbConnection connection)
    {
        this.connection = connection;
        wasOn = Convert.ToInt64(Scalar("PRAGMA foreign_keys", null)) == 1;
        if (wasOn)
        {
            Scalar("PRAGMA foreign_keys = OFF", null);
        }
    }

    public void BeforeCommit(DbTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_key_check";
        command.Transaction = transaction;
        using var reader = command.ExecuteReader();
        if (reader.Read())
        {
            throw new MigrationException("PSMigrate.ForeignKeyViolation", MigrationErrorKind.ExecutionFailed,
                $"The revision left rows that break a foreign key (first: table '{reader.GetValue(0)}', rowid {reader.GetValue(1)}, referencing '{reader.GetValue(2)}'). The revision was rolled back.",
                reader.GetValue(0)?.ToString());
        }
    }

    public void Dispose()
    {
        if (wasOn)
        {
            Scalar("PRAGMA foreign_keys = ON", null);
        }
    }

    private object? Scalar(string sql, DbTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteScalar();
    }
}
