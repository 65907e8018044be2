using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PSMigrate.Engine.Providers.Sqlite;

public sealed class SqliteProvider : IMigrationProvider
{
    public ProviderKind Kind => ProviderKind.Sqlite;

    public ISqlDialect Dialect { get; } = new SqliteDialect();

    public string NormaliseConnectionString(string connectionString, string baseDirectory)
    {
        var builder = Parse(connectionString);
        var source = builder.DataSource;
        if (!IsInMemory(builder) && !source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !Path.IsPathRooted(source))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(baseDirectory, source));
        }

        return builder.ToString();
    }

    // SQLite has no user; the password is SQLCipher's key, for builds that include it.
    public string WithCredential(string connectionString, string userName, string password)
    {
        var builder = Parse(connectionString);
        builder.Password = password;
        return builder.ToString();
    }

    public string Redact(string connectionString)
    {
        try
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            if (!string.IsNullOrEmpty(builder.Password))
            {
                builder.Password = ConnectionStrings.Redacted;
            }

            return builder.ToString();
        }
        catch (ArgumentException)
        {
            return ConnectionStrings.Redacted;
        }
    }

    public bool DatabaseExists(string connectionString)
    {
        var builder = Parse(connectionString);
        return !IsInMemory(builder) && File.Exists(builder.DataSource);
    }

    public DbConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // IMMEDIATE takes SQLite's write lock at BEGIN, so a second deployment waits instead of
    // failing halfway through a revision.
    public DbTransaction BeginTransaction(DbConnection connection) =>
        ((SqliteConnection)connection).BeginTransaction(deferred: false);

    /// <summary>
    /// An exclusive lock on a file beside the database. SQLite's own locks last one transaction;
    /// this one spans the run, and works the same on Linux, macOS and Windows.
    /// </summary>
    public IDisposable AcquireRunLock(DbConnection connection, string connectionString, VersionTables tables, TimeSpan timeout, Action<string> waiting)
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

    private SqliteConnectionStringBuilder Parse(string connectionString)
    {
        try
        {
            return new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException error)
        {
            throw ConnectionStrings.Invalid(Kind, error, Redact(connectionString));
        }
    }

    private static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory || builder.DataSource.Length == 0 ||
        builder.DataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase);
}
