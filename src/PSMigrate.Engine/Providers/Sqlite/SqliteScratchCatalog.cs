using Microsoft.Data.Sqlite;
using PSMigrate.Engine.Operations;

namespace PSMigrate.Engine.Providers.Sqlite;

/// <summary>
/// What an offline SQLite script knows of the schema: an in-memory database that receives every
/// statement the script writes (after the schema of the live database, when there is one), so a
/// table rebuild later in the script reads the table as the script left it.
/// </summary>
internal sealed class SqliteScratchCatalog : IOfflineCatalog
{
    private readonly SqliteConnection scratch = new("Data Source=:memory:");

    public SqliteScratchCatalog(SqliteConnection? seed)
    {
        scratch.Open();
        Apply("PRAGMA foreign_keys = OFF");
        if (seed is null)
        {
            return;
        }

        using var command = seed.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' " +
                              "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, rowid";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            Apply(reader.GetString(0));
        }
    }

    public bool IsAvailable => true;

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Query(string sql) => SqliteCatalogReader.Read(scratch, null, sql);

    public void Apply(string statement)
    {
        try
        {
            using var command = scratch.CreateCommand();
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // Best effort: a statement about something the script never created is skipped here;
            // a later rebuild of that table then says the script does not know it.
        }
    }

    public void Dispose() => scratch.Dispose();
}

/// <summary>Rows of a query on a SQLite connection as column-name dictionaries.</summary>
internal static class SqliteCatalogReader
{
    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> Read(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        using var reader = command.ExecuteReader();
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
