using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PSMigrate.Engine.Providers.Sqlite;

public sealed class SqliteProvider : AdoNetProvider<SqliteConnectionStringBuilder>
{
    public override ProviderKind Kind => ProviderKind.Sqlite;

    public override ISqlDialect Dialect { get; } = new SqliteDialect();

    public override Operations.ISchemaRenderer Schema => new SqliteSchemaRenderer(Dialect);

    public override IRevisionScope BeginSchemaChanges(DbConnection connection) => new SqliteForeignKeyScope(connection);

    /// <summary>One prepared INSERT, re-run per row inside the revision's transaction.</summary>
    public override long BulkInsert(DbConnection connection, DbTransaction? transaction, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        using var command = (SqliteCommand)connection.CreateCommand();
        command.Transaction = (SqliteTransaction?)transaction;
        var names = columns.Select((_, i) => "$p" + i).ToArray();
        command.CommandText = $"INSERT INTO {Dialect.QuoteIdentifier(table)} ({string.Join(", ", columns.Select(Dialect.QuoteIdentifier))}) VALUES ({string.Join(", ", names)})";
        var parameters = names.Select(n => command.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        command.Prepare();
        long count = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = row[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
            count++;
        }

        return count;
    }

    // SQLite has no user; a password is SQLCipher's key, for builds that include it.
    protected override string? UserNameKey => null;

    public override string NormaliseConnectionString(string connectionString, string baseDirectory)
    {
        var builder = Parse(connectionString);
        var source = builder.DataSource;
        if (!IsInMemory(builder) && !source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !Path.IsPathRooted(source))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(baseDirectory, source));
        }

        return builder.ConnectionString;
    }

    public override bool DatabaseExists(string connectionString)
    {
        var builder = Parse(connectionString);
        return !IsInMemory(builder) && File.Exists(builder.DataSource);
    }

    // IMMEDIATE takes SQLite's write lock at BEGIN, so a second writer waits instead of
    // failing halfway through a revision.
    public override DbTransaction BeginTransaction(DbConnection connection) =>
        ((SqliteConnection)connection).BeginTransaction(deferred: false);

    /// <summary>
    /// An exclusive lock on a file beside the database. SQLite's own locks last one transaction;
    /// this one spans the run, and works the same on Linux, macOS and Windows.
    /// </summary>
    public override IDisposable AcquireRunLock(DbConnection connection, string connectionString, VersionTables tables, TimeSpan timeout, Action<string> waiting)
    {
        var builder = Parse(connectionString);
        if (IsInMemory(builder))
        {
            return RunLock.Acquire(() => true, () => { }, timeout, waiting, "an in-memory database");
        }

        var path = builder.DataSource + ".psmigrate-lock";
        FileStream? stream = null;
        bool TryLock()
        {
            try
            {
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        return RunLock.Acquire(TryLock, () => stream?.Dispose(), timeout, waiting, $"SQLite file {builder.DataSource}");
    }

    protected override SqliteConnectionStringBuilder CreateBuilder(string connectionString) => new(connectionString);

    protected override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    private static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory || builder.DataSource.Length == 0 ||
        builder.DataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase);
}
